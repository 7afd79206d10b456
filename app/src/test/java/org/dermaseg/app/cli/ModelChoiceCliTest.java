package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.app.testsupport.CliRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model-id} and the registry through the CLI, on a model folder written here: the shipped model,
 * a copy of its card under another id ("copy", same weights), and broken cards.
 */
class ModelChoiceCliTest {
    private static final Path ROOT = CliRunner.root();
    private static final Path SHIPPED = ROOT.resolve("model");
    private static final Path SAMPLES = ROOT.resolve("assets/samples");

    @TempDir
    Path tmp;
    private Path model;
    private JsonNode card;
    private String defaultId;

    @BeforeEach
    void folder() throws Exception {
        model = Files.createDirectories(tmp.resolve("model"));
        try (var s = Files.list(SHIPPED)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".card.json")).toList()) {
                card = Json.MAPPER.readTree(p.toFile());
                if (card.path("default").asBoolean()) {
                    break;
                }
            }
        }
        defaultId = card.get("id").asText();
        Files.writeString(model.resolve(defaultId + ".card.json"), card.toString());
        for (String kind : List.of("onnx", "safetensors")) {
            String f = card.at("/artifacts/" + kind + "/file").asText();
            Files.copy(SHIPPED.resolve(f), model.resolve(f));
        }
    }

    private void writeCard(String file, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode c = card.deepCopy();
        c.put("default", false);
        edit.accept(c);
        Files.writeString(model.resolve(file), c.toString());
    }

    @Test
    void infoListsEveryModelWithItsStatusAndTheUnusableOnesWithTheReason() throws Exception {
        writeCard("copy.card.json", c -> c.put("id", "copy"));
        writeCard("alien.card.json", c -> {
            c.put("id", "alien");
            ((ObjectNode) c.get("architecture")).put("type", "alien-net");
        });
        writeCard("twin-a.card.json", c -> c.put("id", "twin"));
        writeCard("twin-b.card.json", c -> c.put("id", "twin"));
        writeCard("gone.card.json", c -> {
            c.put("id", "gone");
            ((ObjectNode) c.at("/artifacts/onnx")).put("file", "gone.onnx");
            ((ObjectNode) c.at("/artifacts/safetensors")).put("file", "gone.safetensors");
        });
        CliRunner.Run r = CliRunner.run("info", "--json", "--model", model.toString());
        assertEquals(ExitCodes.OK, r.code(), "the default model is fine: " + r.out() + r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertEquals(defaultId, doc.at("/model/id").asText());
        List<String> ids = new ArrayList<>();
        for (JsonNode m : doc.get("models")) {
            ids.add(m.get("id").asText());
            boolean shouldWork = m.get("id").asText().equals("copy") || m.get("id").asText().equals(defaultId);
            assertEquals(shouldWork, m.get("usable").asBoolean(), m.toString());
            if (!shouldWork) {
                assertTrue(m.get("problem").asText().contains(model.toString()), "names the file: " + m);
            }
        }
        assertEquals(List.of("alien", "copy", defaultId, "gone", "twin", "twin").stream().sorted().toList(),
                ids.stream().sorted().toList());
        JsonNode copy = find(doc, "copy");
        assertEquals("sha256 OK", copy.at("/files/onnx").asText());
        assertTrue(find(doc, "alien").get("problem").asText().contains("\"alien-net\" is unknown"));
        assertTrue(find(doc, "gone").get("problem").asText().contains("missing"));

        CliRunner.Run text = CliRunner.run("info", "--model", model.toString());
        assertTrue(text.out().contains("alien (") && text.out().contains("UNUSABLE"), text.out());

        CliRunner.Run bad = CliRunner.run("info", "--model", model.toString(), "--model-id", "alien");
        assertEquals(ExitCodes.FATAL, bad.code(), "the chosen model is unusable");
    }

    private static JsonNode find(JsonNode doc, String id) {
        for (JsonNode m : doc.get("models")) {
            if (m.get("id").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no model " + id + " in " + doc);
    }

    @Test
    void everyCommandTakesModelIdAndRefusesAnUnusableOneNamingTheFile() throws Exception {
        writeCard("copy.card.json", c -> c.put("id", "copy"));
        writeCard("alien.card.json", c -> {
            c.put("id", "alien");
            ((ObjectNode) c.get("architecture")).put("type", "alien-net");
        });
        Path out = tmp.resolve("out");
        Path image = SAMPLES.resolve("images/IMD002.png");
        CliRunner.Run ok = CliRunner.run("segment", "--engine", "java", "--model", model.toString(), "--model-id",
                "copy", "-o", out.toString(), image.toString());
        assertEquals(ExitCodes.OK, ok.code(), ok.out() + ok.err());
        CliRunner.Run alien = CliRunner.run("segment", "--model", model.toString(), "--model-id", "alien", "-o",
                tmp.resolve("out2").toString(), image.toString());
        assertEquals(ExitCodes.FATAL, alien.code());
        assertTrue(alien.err().contains(model.resolve("alien.card.json").toString()), alien.err());
        assertFalse(Files.exists(tmp.resolve("out2").resolve("IMD002_segmentation.png")));
        CliRunner.Run unknown = CliRunner.run("segment", "--model", model.toString(), "--model-id", "nope", "-o",
                tmp.resolve("out3").toString(), image.toString());
        assertEquals(ExitCodes.FATAL, unknown.code());
        assertTrue(unknown.err().contains("\"nope\"") && unknown.err().contains("copy"), unknown.err());
        CliRunner.Run twice = CliRunner.run("segment", "--model", model.toString(), "--model-id", "copy",
                "--model-id", defaultId, "-o", tmp.resolve("out4").toString(), image.toString());
        assertEquals(ExitCodes.USAGE, twice.code(), twice.err());
    }

    @Test
    void batchReportsRecordTheModelIdAndVersion() throws Exception {
        writeCard("copy.card.json", c -> {
            c.put("id", "copy");
            c.put("version", "9.9.9");
        });
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(SAMPLES.resolve("images/IMD002.png"), in.resolve("IMD002.png"));
        Path out = tmp.resolve("out");
        CliRunner.Run r = CliRunner.run("batch", "--engine", "java", "--model", model.toString(), "--model-id", "copy",
                "-o", out.toString(), in.toString());
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        Path json;
        Path csv;
        try (var s = Files.list(out)) {
            List<Path> files = s.toList();
            json = files.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            csv = files.stream().filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
        }
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertEquals("copy", report.get("modelId").asText());
        assertEquals("9.9.9", report.get("modelVersion").asText());
        List<String> lines = Files.readAllLines(csv);
        // by column name: the measurement columns follow the model's (ImageRecordCsv.HEADER)
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> row = List.of(lines.get(1).split(",", -1));
        int id = header.indexOf("model_id");
        assertTrue(id > 0 && header.get(id + 1).equals("model_version"), lines.get(0));
        assertEquals(header.size(), row.size(), lines.get(1));
        assertEquals("copy", row.get(id), lines.get(1));
        assertEquals("9.9.9", row.get(id + 1), lines.get(1));
        assertEquals(Boolean.toString(org.dermaseg.inference.SegmentationDefaults.TTA), row.get(header.indexOf("tta")),
                lines.get(1));
    }

    @Test
    void evaluateComparesTwoModelsInOneTableAndAsJson() throws Exception {
        // the copy uses a higher threshold: same network, different masks, so wins and means can differ
        writeCard("strict.card.json", c -> {
            c.put("id", "strict");
            c.put("threshold", 0.9);
        });
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path gt = Files.createDirectories(tmp.resolve("gt"));
        for (String id : List.of("IMD002", "IMD027", "IMD057")) {
            Files.copy(SAMPLES.resolve("images/" + id + ".png"), images.resolve(id + ".png"));
        }
        try (var s = Files.list(SAMPLES.resolve("masks"))) {
            for (Path m : s.toList()) {
                Files.copy(m, gt.resolve(m.getFileName()));
            }
        }
        CliRunner.Run r = CliRunner.run("evaluate", "--json", "--engine", "java", "--protocol", "native", "--model",
                model.toString(), "--model-id", defaultId, "--model-id", "strict", "--images", images.toString(),
                "--gt", gt.toString());
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertEquals("compare", doc.get("mode").asText());
        assertEquals(3, doc.get("images").asInt());
        JsonNode a = doc.get("models").get(0);
        JsonNode b = doc.get("models").get(1);
        assertEquals(defaultId, a.get("id").asText());
        assertEquals("strict", b.get("id").asText());
        assertEquals(3, a.get("wins").asInt() + b.get("wins").asInt() + doc.get("ties").asInt());
        double meanA = 0;
        for (JsonNode img : doc.get("perImage")) {
            meanA += img.at("/dice/" + defaultId).asDouble() / 3;
        }
        assertEquals(meanA, a.get("meanDice").asDouble(), 1e-9, "mean of the per-image Dice listed");
        assertTrue(a.get("pooledDice").asDouble() > 0.5 && b.get("pooledDice").asDouble() > 0.5, doc.toString());

        CliRunner.Run text = CliRunner.run("evaluate", "--engine", "java", "--model", model.toString(), "--model-id",
                defaultId, "--model-id", "strict", "--images", images.toString(), "--gt", gt.toString());
        assertEquals(ExitCodes.OK, text.code(), text.err());
        assertTrue(text.out().contains("pooled Dice") && text.out().contains("strict") && text.out().contains("wins"),
                text.out());

        CliRunner.Run pred = CliRunner.run("evaluate", "--model-id", "strict", "--pred", images.toString(), "--gt",
                gt.toString());
        assertEquals(ExitCodes.USAGE, pred.code(), "a model id means nothing for stored masks");
    }
}
