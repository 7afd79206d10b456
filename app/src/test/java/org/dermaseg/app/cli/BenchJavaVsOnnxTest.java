package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.inference.model.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} with {@code --engine auto} measures both engines in one run and reports their ratio; with
 * {@code --model-id} repeated, every model on every engine.
 */
class BenchJavaVsOnnxTest {
    private static final String MODEL = CliRunner.root().resolve("model").toString();

    @Test
    void autoMeasuresJavaAndOnnxAndReportsTheRatio() throws Exception {
        CliRunner.Run r = CliRunner.run("bench", "--json", "--runs", "3", "--warmup", "1", "--passes", "1",
                "--batch-images", "0", "--model", MODEL);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        JsonNode engines = doc.get("engines");
        assertEquals(2, engines.size(), engines.toString());
        assertEquals("onnx/cpu", engines.get(0).get("engine").asText());
        assertEquals("java/cpu", engines.get(1).get("engine").asText());
        String defaultId = ModelRegistry.inDirectory(Path.of(MODEL)).defaultId();
        assertEquals(defaultId, engines.get(0).get("model").asText());
        assertEquals(1, doc.get("javaVsOnnx").size());
        JsonNode cmp = doc.get("javaVsOnnx").get(0);
        assertEquals(defaultId, cmp.get("model").asText());
        double java = cmp.get("javaMedianMs").asDouble();
        double onnx = cmp.get("onnxMedianMs").asDouble();
        assertEquals(engines.get(1).get("latencyMs").get("median").asDouble(), java);
        assertEquals(engines.get(0).get("latencyMs").get("median").asDouble(), onnx);
        assertTrue(java > 0 && onnx > 0);
        assertEquals(java / onnx, cmp.get("ratio").asDouble(), 1e-12);
    }

    @Test
    void textOutputNamesBothMediansAndTheRatio() {
        CliRunner.Run r = CliRunner.run("bench", "--runs", "2", "--warmup", "1", "--passes", "1", "--batch-images", "0",
                "--model", MODEL);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*java/cpu median [0-9.]+ ms, onnx/cpu median [0-9.]+ ms.*"), r.out());
        assertTrue(r.out().matches("(?s).*java / onnx median latency: [0-9.]+x.*"), r.out());
    }

    @Test
    void batchPipelineIsComparedWithOneImageAtATimeInTheSameRun() throws Exception {
        CliRunner.Run r = CliRunner.run("bench", "--json", "--engine", "java", "--runs", "2", "--warmup", "1",
                "--passes", "1", "--batch-sizes", "2", "--batch-images", "12", "--workers", "3", "--model", MODEL);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode e = Json.MAPPER.readTree(r.out()).get("engines").get(0);
        assertEquals(3, e.get("batchPipeline").get("workers").asInt(), "--workers reaches the pipeline pass");
        JsonNode tp = e.get("throughput").get(0);
        assertEquals(2, tp.get("batch").asInt());
        assertEquals(2 * 1000.0 / tp.get("msPerRun").get("median").asDouble(), tp.get("imagesPerSecond").asDouble(), 1e-9);
        JsonNode p = e.get("batchPipeline");
        assertEquals(12, p.get("images").asInt());
        double batchRate = p.get("imagesPerSecond").asDouble();
        double oneRate = p.get("oneAtATimeImagesPerSecond").asDouble();
        assertEquals(12 / p.get("seconds").asDouble(), batchRate, 1e-9);
        assertEquals(1000.0 / e.get("endToEndMsPerImage").get("mean").asDouble(), oneRate, 1e-9);
        assertEquals(batchRate / oneRate, p.get("batchVsOneAtATime").asDouble(), 1e-9);
        assertTrue(p.get("cpuMsPerImage").asDouble() > 0, p.toString());
        // the compilers' and collectors' share of that CPU (HotSpot reports both; -1 would mean "unknown")
        assertTrue(p.get("jitMsPerImage").asDouble() >= 0, p.toString());
        assertTrue(p.get("gcMsPerImage").asDouble() >= 0, p.toString());
        // like for like: one image at a time doing a batch's work (segment, measure, write the mask)
        double sameWork = p.get("oneAtATimeSameWorkImagesPerSecond").asDouble();
        assertTrue(sameWork > 0, p.toString());
        assertEquals(batchRate / sameWork, p.get("batchVsOneAtATimeSameWork").asDouble(), 1e-9);
        assertTrue(p.get("oneAtATimeSameWorkCpuMsPerImage").asDouble() > 0, p.toString());
    }

    @Test
    void workersBelowOneAreRefused() throws Exception {
        CliRunner.Run r = CliRunner.run("bench", "--workers", "0", "--model", MODEL);
        assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--workers: workers must be at least 1"), r.err());
    }

    @Test
    void repeatedModelIdsMeasureEveryModelOnEveryEngineInOneRun(@TempDir Path tmp) throws Exception {
        // one image keeps the end-to-end passes short: LightM-UNet takes seconds per image on ONNX Runtime
        Path one = Files.createDirectories(tmp.resolve("one"));
        Files.copy(CliRunner.root().resolve("assets/samples/images/IMD002.png"), one.resolve("IMD002.png"));
        List<String> ids = ModelRegistry.inDirectory(Path.of(MODEL)).usable().stream().map(e -> e.id()).toList();
        assertTrue(ids.size() >= 2, "the committed model folder holds " + ids);
        List<String> args = new ArrayList<>(List.of("bench", "--json", "--runs", "2", "--warmup", "0", "--passes", "1",
                "--batch-sizes", "0", "--batch-images", "0", "--images", one.toString(), "--model", MODEL));
        for (String id : ids) {
            args.add("--model-id");
            args.add(id);
        }
        CliRunner.Run r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        JsonNode engines = doc.get("engines");
        assertEquals(2 * ids.size(), engines.size(), engines.toString());
        for (int i = 0; i < ids.size(); i++) {
            for (int k = 0; k < 2; k++) {
                JsonNode e = engines.get(2 * i + k);
                assertEquals(ids.get(i), e.get("model").asText(), e.toString());
                assertEquals(k == 0 ? "onnx/cpu" : "java/cpu", e.get("engine").asText());
                assertEquals(2, e.get("latencyMs").get("n").asInt());
                assertTrue(e.get("latencyMs").get("median").asDouble() > 0);
            }
            assertEquals(ids.get(i), doc.get("javaVsOnnx").get(i).get("model").asText());
        }
        CliRunner.Run twice = CliRunner.run("bench", "--model", MODEL, "--model-id", ids.get(0), "--model-id", ids.get(0));
        assertEquals(ExitCodes.USAGE, twice.code(), twice.out() + twice.err());
        assertTrue(twice.err().contains("names a model twice"), twice.err());
    }
}
