package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.dermaseg.app.testsupport.CliRunner;

/** {@code bench} with {@code --engine auto} measures both engines in one run and reports their ratio. */
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
        JsonNode cmp = doc.get("javaVsOnnx");
        double java = cmp.get("javaMedianMs").asDouble();
        double onnx = cmp.get("onnxMedianMs").asDouble();
        assertEquals(engines.get(1).get("latencyMs").get("median").asDouble(), java);
        assertEquals(engines.get(0).get("latencyMs").get("median").asDouble(), onnx);
        assertTrue(java > 0 && onnx > 0);
        assertEquals(java / onnx, cmp.get("ratio").asDouble(), 1e-12);
        assertEquals(cmp.get("ratio").asDouble(), doc.get("javaToOnnxLatencyRatio").asDouble(), 1e-12);
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
                "--passes", "1", "--batch-sizes", "2", "--batch-images", "12", "--model", MODEL);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode e = Json.MAPPER.readTree(r.out()).get("engines").get(0);
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
    }
}
