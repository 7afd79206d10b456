package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.inference.model.ModelEntry;
import org.dermaseg.inference.model.ModelRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed model folder through the CLI: every card is a usable model, the second network (LightM-UNet)
 * segments, batches and evaluates with either engine by {@code --model-id}, and two models compare in one table.
 * One or two images per run: LightM-UNet takes seconds per image on this kind of machine.
 */
class ShippedModelsCliTest {
    private static final Path ROOT = CliRunner.root();
    private static final String MODEL = ROOT.resolve("model").toString();
    private static final Path SAMPLES = ROOT.resolve("assets/samples");
    private static final String SECOND = "lightm-unet";

    private static String defaultId;
    private static List<String> cards;

    @BeforeAll
    static void readTheFolder() throws Exception {
        ModelRegistry r = ModelRegistry.inDirectory(Path.of(MODEL));
        defaultId = r.defaultId();
        cards = r.models().stream().map(ModelEntry::id).toList();
    }

    @Test
    void infoListsEveryCommittedModelUsableWithItsFilesVerified() throws Exception {
        CliRunner.Run r = CliRunner.run("info", "--json", "--model", MODEL);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertEquals(defaultId, doc.at("/model/id").asText());
        assertNotEquals(SECOND, defaultId, "the second network is not the default");
        List<String> listed = new ArrayList<>();
        for (JsonNode m : doc.get("models")) {
            listed.add(m.get("id").asText());
            assertTrue(m.get("usable").asBoolean(), m.toString());
            assertEquals("sha256 OK", m.at("/files/onnx").asText(), m.toString());
            assertEquals("sha256 OK", m.at("/files/safetensors").asText(), m.toString());
            assertEquals(m.get("id").asText().equals(defaultId), m.get("default").asBoolean(), m.toString());
        }
        assertEquals(cards, listed);
        assertTrue(listed.contains(SECOND), listed.toString());
        assertTrue(listed.size() >= 2, listed.toString());
    }

    @Test
    void segmentWithTheSecondModelGivesTheSameMaskOnBothEngines(@TempDir Path tmp) throws Exception {
        Path image = SAMPLES.resolve("images/IMD002.png");
        List<Raster> masks = new ArrayList<>();
        for (String engine : List.of("java", "onnx")) {
            Path out = tmp.resolve(engine);
            CliRunner.Run r = CliRunner.run("segment", "--json", "--engine", engine, "--model", MODEL, "--model-id",
                    SECOND, "-o", out.toString(), image.toString());
            assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
            JsonNode doc = Json.MAPPER.readTree(r.out());
            assertEquals(SECOND, doc.get("modelId").asText());
            assertEquals(engine + "/cpu", doc.get("engine").asText());
            BufferedImage mask = ImageIO.read(out.resolve("IMD002_segmentation.png").toFile());
            masks.add(mask.getRaster());
        }
        Raster a = masks.get(0);
        Raster b = masks.get(1);
        assertEquals(a.getWidth(), b.getWidth());
        long differ = 0;
        long lesion = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                differ += a.getSample(x, y, 0) != b.getSample(x, y, 0) ? 1 : 0;
                lesion += a.getSample(x, y, 0) != 0 ? 1 : 0;
            }
        }
        long pixels = (long) a.getWidth() * a.getHeight();
        assertTrue(differ <= pixels / 10_000, differ + " of " + pixels + " mask pixels differ between the engines");
        assertTrue(lesion > 0 && lesion < pixels, "mask all one value: the comparison would be vacuous");
    }

    @Test
    void batchWithTheSecondModelRecordsItsIdOnOnnxRuntime(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(SAMPLES.resolve("images/IMD057.png"), in.resolve("IMD057.png"));
        Path out = tmp.resolve("out");
        CliRunner.Run r = CliRunner.run("batch", "--engine", "onnx", "--model", MODEL, "--model-id", SECOND, "-o",
                out.toString(), in.toString());
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        Path json;
        try (var s = Files.list(out)) {
            json = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertEquals(SECOND, report.get("modelId").asText());
        assertTrue(Files.exists(out.resolve("IMD057_segmentation.png")), "mask written");
    }

    @Test
    void evaluateWithTheSecondModelOnOnnxRuntimeNamesIt(@TempDir Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path gt = Files.createDirectories(tmp.resolve("gt"));
        Files.copy(SAMPLES.resolve("images/IMD002.png"), images.resolve("IMD002.png"));
        Files.copy(SAMPLES.resolve("masks/IMD002_lesion.png"), gt.resolve("IMD002_lesion.png"));
        CliRunner.Run r = CliRunner.run("evaluate", "--json", "--engine", "onnx", "--model", MODEL, "--model-id",
                SECOND, "--images", images.toString(), "--gt", gt.toString());
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertEquals(SECOND, doc.get("modelId").asText());
        assertTrue(doc.get("engine").asText().startsWith("onnx/cpu"), doc.toString());
        assertEquals(1, doc.at("/summary/ok").asInt(), doc.toString());
    }

    @Test
    void evaluateComparesTheDefaultAndTheSecondModelInOneTable(@TempDir Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path gt = Files.createDirectories(tmp.resolve("gt"));
        for (String id : List.of("IMD002", "IMD057")) {
            Files.copy(SAMPLES.resolve("images/" + id + ".png"), images.resolve(id + ".png"));
            Files.copy(SAMPLES.resolve("masks/" + id + "_lesion.png"), gt.resolve(id + "_lesion.png"));
        }
        CliRunner.Run r = CliRunner.run("evaluate", "--engine", "java", "--model", MODEL, "--model-id", defaultId,
                "--model-id", SECOND, "--images", images.toString(), "--gt", gt.toString());
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        String text = r.out();
        assertTrue(text.contains("pooled Dice") && text.contains("wins"), text);
        assertTrue(text.contains(defaultId) && text.contains(SECOND), text);
    }
}
