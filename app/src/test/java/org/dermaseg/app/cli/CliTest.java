package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.app.testsupport.CliRunner;

class CliTest {
    @TempDir
    Path tmp;

    private static final Path ROOT = CliRunner.root();
    private static final String MODEL = ROOT.resolve("model").toString();
    private static final Path IMD002 = ROOT.resolve("assets/samples/images/IMD002.png");
    private static final Path IMD027 = ROOT.resolve("assets/samples/images/IMD027.png");

    @Test
    void noArgumentsPrintsUsageWithEverySubcommand() {
        CliRunner.Run r = CliRunner.run();
        assertEquals(0, r.code());
        for (String cmd : List.of("segment", "batch", "evaluate", "samples", "bench", "info")) {
            assertTrue(r.out().contains(cmd), "usage lists " + cmd + ":\n" + r.out());
        }
    }

    @Test
    void usageErrorsExitWithOne() {
        assertEquals(ExitCodes.USAGE, CliRunner.run("segment", IMD002.toString()).code()); // -o missing
        assertEquals(ExitCodes.USAGE, CliRunner.run("segment", "--engine", "tpu", "-o", tmp.toString(),
                IMD002.toString()).code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("segment", "--threshold", "2", "--model", MODEL, "-o",
                tmp.toString(), IMD002.toString()).code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("no-such-command").code());
    }

    @Test
    void segmentWritesMasksAndRefusesToOverwrite() throws Exception {
        Path out = tmp.resolve("out");
        CliRunner.Run r = CliRunner.run("segment", "--model", MODEL, "-o", out.toString(), IMD002.toString(),
                IMD027.toString());
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        Path mask = out.resolve("IMD002_segmentation.png");
        assertTrue(Files.isRegularFile(mask));
        assertTrue(Files.isRegularFile(out.resolve("IMD027_segmentation.png")));
        try (var s = Files.list(out)) {
            assertEquals(2, s.count(), "no temporary files left behind");
        }
        byte[] before = Files.readAllBytes(mask);

        CliRunner.Run again = CliRunner.run("segment", "--model", MODEL, "-o", out.toString(), IMD002.toString());
        assertEquals(ExitCodes.SOME_FAILED, again.code());
        assertTrue(again.out().contains("output exists"), again.out());
        assertArrayEquals(before, Files.readAllBytes(mask));

        Files.write(mask, new byte[] {1, 2, 3});
        CliRunner.Run over = CliRunner.run("segment", "--model", MODEL, "--overwrite", "-o", out.toString(),
                IMD002.toString());
        assertEquals(ExitCodes.OK, over.code(), over.out() + over.err());
        assertArrayEquals(before, Files.readAllBytes(mask), "same model, same image: same mask bytes");
    }

    @Test
    void badInputIsListedAndTheRestGoesOn() throws Exception {
        Path bad = tmp.resolve("broken.jpg");
        Files.writeString(bad, "not a jpeg");
        Path out = tmp.resolve("out");
        CliRunner.Run r = CliRunner.run("segment", "--json", "--model", MODEL, "-o", out.toString(), bad.toString(),
                IMD002.toString());
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertEquals(1, doc.get("failed").asInt());
        JsonNode first = doc.get("images").get(0);
        assertEquals("failed", first.get("status").asText());
        assertTrue(first.get("reason").asText().contains("not a JPEG, PNG, BMP or TIFF"), first.toString());
        assertEquals("ok", doc.get("images").get(1).get("status").asText());
        assertTrue(Files.isRegularFile(out.resolve("IMD002_segmentation.png")));
        assertFalse(Files.exists(out.resolve("broken_segmentation.png")));
    }

    @Test
    void damagedModelIsFatal() throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        // the default model's card and files, its ONNX file then one byte longer
        org.dermaseg.inference.model.ModelArtifacts def = org.dermaseg.inference.model.ModelArtifacts
                .fromDirectory(Path.of(MODEL));
        String onnx = def.card().artifacts().onnx().file();
        for (String f : List.of(def.cardFile().getFileName().toString(), onnx,
                def.card().artifacts().safetensors().file())) {
            Files.copy(Path.of(MODEL, f), model.resolve(f));
        }
        Files.write(model.resolve(onnx), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        CliRunner.Run r = CliRunner.run("segment", "--engine", "onnx", "--model", model.toString(), "-o",
                tmp.resolve("out").toString(), IMD002.toString());
        assertEquals(ExitCodes.FATAL, r.code());
        assertTrue(r.err().contains("SHA-256"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for an expected failure: " + r.err());

        CliRunner.Run missing = CliRunner.run("info", "--model", tmp.resolve("nothing").toString());
        assertEquals(ExitCodes.FATAL, missing.code());
        assertTrue(missing.out().contains("model not found: no *.card.json in any of " + tmp.resolve("nothing")), missing.out());
    }

    @Test
    void infoReportsVersionsEnginesAndChecksums() throws Exception {
        CliRunner.Run r = CliRunner.run("info", "--json", "--model", MODEL);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertTrue(doc.get("onnxRuntime").asText().matches("1\\.\\d+\\.\\d+"), doc.toString());
        assertTrue(doc.get("opencv").asText().startsWith("4."), doc.toString());
        assertTrue(doc.get("engines").asText().contains("onnx/cpu"), doc.toString());
        assertTrue(doc.get("model").get("onnx").asText().contains("sha256 OK"), doc.toString());
    }

    @Test
    void samplesPrintsDicePerImage() throws Exception {
        CliRunner.Run r = CliRunner.run("samples", "--json", "--model", MODEL);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        JsonNode images = doc.get("images");
        assertEquals(10, images.size());
        for (JsonNode im : images) {
            assertEquals("ok", im.get("status").asText(), im.toString());
            double dice = im.get("dice").asDouble();
            assertTrue(dice >= 0 && dice <= 1, im.toString());
            assertTrue(im.get("truthPixels").asLong() > 0, "PH2 masks all contain a lesion: " + im);
        }
        CliRunner.Run text = CliRunner.run("samples", "--model", MODEL);
        assertTrue(text.out().contains("IMD413.png") && text.out().contains("Dice"), text.out());
    }

    @Test
    void benchReportsLatencyAndEndToEnd() throws Exception {
        CliRunner.Run r = CliRunner.run("bench", "--json", "--engine", "onnx", "--runs", "3", "--warmup", "1",
                "--passes", "1", "--batch-images", "0", "--model", MODEL);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode e = Json.MAPPER.readTree(r.out()).get("engines").get(0);
        assertEquals("onnx/cpu", e.get("engine").asText());
        assertEquals(3, e.get("latencyMs").get("n").asInt());
        assertTrue(e.get("latencyMs").get("median").asDouble() > 0);
        assertEquals(10, e.get("endToEndMsPerImage").get("n").asInt());
        assertTrue(e.get("endToEndMsPerImage").get("median").asDouble() >= e.get("stageMeanMs").get("infer").asDouble() * 0.5);
    }
}
