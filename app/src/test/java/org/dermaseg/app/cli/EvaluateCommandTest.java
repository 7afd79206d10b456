package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.app.testsupport.CliRunner;

class EvaluateCommandTest {
    private static final Path ROOT = CliRunner.root();
    private static final String MODEL = ROOT.resolve("model").toString();
    private static final Path MASKS = ROOT.resolve("assets/samples/masks");

    @TempDir
    Path tmp;

    /** Predictions that are copies of the ground truth: every metric is known exactly. */
    private Path perfectPredictions(String... ids) throws IOException {
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        for (String id : ids) {
            Files.copy(MASKS.resolve(id + "_lesion.png"), pred.resolve(id + "_segmentation.png"));
        }
        return pred;
    }

    @Test
    void predModePrintsBothProtocolsLabelled() throws IOException {
        Path pred = perfectPredictions("IMD002", "IMD027");
        CliRunner.Run r = CliRunner.run("evaluate", "--pred", pred.toString(), "--gt", MASKS.toString());
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("per image, paper protocol"), r.out());
        assertTrue(r.out().contains("paper protocol  (ONE confusion matrix"), r.out());
        assertTrue(r.out().contains("DSC 1.0000"), r.out());
        assertTrue(r.out().contains("native protocol (mean of per-image"), r.out());
        assertTrue(r.out().contains("Dice 1.0000"), r.out());
        assertTrue(r.out().contains("8 ground-truth mask(s) have no prediction"), r.out());

        CliRunner.Run nat = CliRunner.run("evaluate", "--pred", pred.toString(), "--gt", MASKS.toString(),
                "--protocol", "native");
        assertTrue(nat.out().contains("per image, native protocol"), nat.out());
        assertTrue(nat.out().indexOf("native protocol (mean") < nat.out().indexOf("paper protocol  (ONE"),
                "chosen protocol first");
    }

    @Test
    void jsonCarriesRowsAndPooledNumbersWithTheirProtocol() throws IOException {
        Path pred = perfectPredictions("IMD057");
        // a wrong prediction for a second image: all background
        Files.write(pred.resolve("IMD112_segmentation.png"),
                org.dermaseg.inference.io.MaskPng.encode(new org.dermaseg.inference.preprocess.BinaryMask(
                        767, 576, new byte[767 * 576]), false));
        CliRunner.Run r = CliRunner.run("evaluate", "--pred", pred.toString(), "--gt", MASKS.toString(), "--json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertEquals("paper", doc.get("protocol").asText());
        assertEquals(2, doc.get("images").size());
        JsonNode empty = doc.get("images").get(1);
        assertEquals(0.0, empty.get("metrics").get("native").get("dice").asDouble(), 0.0);
        assertEquals("Infinity", empty.get("metrics").get("native").get("hd95Px").asText());
        JsonNode m = doc.get("summary").get("metrics");
        assertTrue(m.get("paper").get("protocol").asText().startsWith("paper protocol"));
        assertEquals(0.5, m.get("native").get("dice").get("mean").asDouble(), 1e-12, "mean of 1 and 0");
        assertEquals(1, m.get("native").get("hd95Px").get("skipped").asInt());
        double dsc = m.get("paper").get("dsc").asDouble();
        assertTrue(dsc > 0 && dsc < 1, "pooled DSC between the two: " + dsc);
    }

    @Test
    void predictionWithoutGroundTruthIsExitTwo() throws IOException {
        Path pred = perfectPredictions("IMD002");
        Files.copy(MASKS.resolve("IMD027_lesion.png"), pred.resolve("UNKNOWN_segmentation.png"));
        CliRunner.Run r = CliRunner.run("evaluate", "--pred", pred.toString(), "--gt", MASKS.toString());
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.out());
        assertTrue(r.out().contains("no ground truth for 'UNKNOWN'"), r.out());
    }

    @Test
    void imagesModeSegmentsAndScoresWithoutWritingFiles() throws IOException {
        Path images = Files.createDirectories(tmp.resolve("images"));
        for (String id : List.of("IMD002", "IMD390")) {
            Files.copy(ROOT.resolve("assets/samples/images/" + id + ".png"), images.resolve(id + ".png"));
        }
        CliRunner.Run r = CliRunner.run("evaluate", "--images", images.toString(), "--gt", MASKS.toString(),
                "--model", MODEL, "--protocol", "native");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("IMD002.png") && r.out().contains("IMD390.png"), r.out());
        assertTrue(r.out().contains("HD95 px"), r.out());
        try (var s = Files.list(images)) {
            assertEquals(2, s.count(), "nothing written");
        }
    }

    @Test
    void usageErrors() throws IOException {
        Path pred = perfectPredictions("IMD002");
        assertEquals(ExitCodes.USAGE, CliRunner.run("evaluate", "--gt", MASKS.toString()).code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("evaluate", "--pred", pred.toString(), "--images", pred.toString(),
                "--gt", MASKS.toString()).code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("evaluate", "--pred", pred.toString(), "--gt", MASKS.toString(),
                "--protocol", "pooled").code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("evaluate", "--pred", tmp.resolve("none").toString(), "--gt",
                MASKS.toString()).code());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(ExitCodes.USAGE, CliRunner.run("evaluate", "--pred", empty.toString(), "--gt",
                MASKS.toString()).code());
    }
}
