package org.dermaseg.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.Safetensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ONNX Runtime (Java) against the PyTorch probabilities saved at export. */
class OnnxParityTest {
    private static SegmentationEngine engine;
    private static Safetensors golden;
    private static List<Golden.Sample> samples;

    @BeforeAll
    static void open() throws Exception {
        ModelArtifacts a = ModelArtifacts.fromDirectory(Golden.modelDir());
        engine = EngineFactory.create(EngineChoice.ONNX, DeviceChoice.CPU, a);
        golden = Golden.tensors();
        samples = Golden.samples();
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void reportsOnnxOnCpu() {
        assertEquals("onnx", engine.info().name());
        assertEquals("cpu", engine.info().device());
        assertEquals(null, engine.info().fallbackReason());
        assertTrue(engine.info().detail().contains("ONNX Runtime"), engine.info().detail());
    }

    @Test
    void matchesPyTorchWithin1e4OnEachSample() throws Exception {
        for (Golden.Sample s : samples) {
            float[] prob = engine.infer(golden.floats("input." + s.id()), 1);
            float diff = Golden.maxAbsDiff(prob, golden.floats("prob." + s.id()));
            assertTrue(diff <= 1e-4f, s.id() + ": max abs diff " + diff + " > 1e-4");
        }
    }

    @Test
    void batchOfAllSamplesEqualsSingleRuns() throws Exception {
        int n = samples.size();
        int in = 3 * 256 * 256;
        int out = 256 * 256;
        float[] batch = new float[n * in];
        for (int i = 0; i < n; i++) {
            System.arraycopy(golden.floats("input." + samples.get(i).id()), 0, batch, i * in, in);
        }
        float[] probs = engine.infer(batch, n);
        assertEquals(n * out, probs.length);
        for (int i = 0; i < n; i++) {
            float[] one = java.util.Arrays.copyOfRange(probs, i * out, (i + 1) * out);
            float diff = Golden.maxAbsDiff(one, golden.floats("prob." + samples.get(i).id()));
            assertTrue(diff <= 1e-4f, "batched " + samples.get(i).id() + ": " + diff);
        }
    }

    /**
     * Runs reuse their input and output buffers (OnnxEngine.RunBuffers): runs of two sizes on three threads at
     * once must each get exactly what the same run alone gets, so no two runs ever share a buffer.
     */
    @Test
    void concurrentRunsOfTwoSizesGiveWhatEachGivesAlone() throws Exception {
        int in = 3 * 256 * 256;
        float[] pair = new float[2 * in];
        System.arraycopy(golden.floats("input." + samples.get(0).id()), 0, pair, 0, in);
        System.arraycopy(golden.floats("input." + samples.get(1).id()), 0, pair, in, in);
        float[] single = golden.floats("input." + samples.get(2).id());
        float[] pairAlone = engine.infer(pair, 2);
        // runs after a larger one: reuses its buffers for fewer images, and must still be right
        float[] singleAlone = engine.infer(single, 1);
        float diff = Golden.maxAbsDiff(singleAlone, golden.floats("prob." + samples.get(2).id()));
        assertTrue(diff <= 1e-4f, "one image after a run of two: max abs diff " + diff);
        float[] second = java.util.Arrays.copyOfRange(pairAlone, 256 * 256, 2 * 256 * 256);
        diff = Golden.maxAbsDiff(second, golden.floats("prob." + samples.get(1).id()));
        assertTrue(diff <= 1e-4f, "second image of a run of two: max abs diff " + diff);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    for (int r = 0; r < 6; r++) {
                        boolean two = (r + thread) % 2 == 0;
                        float[] got = two ? engine.infer(pair, 2) : engine.infer(single, 1);
                        assertTrue(java.util.Arrays.equals(two ? pairAlone : singleAlone, got),
                                "thread " + thread + ", run " + r + (two ? " (2 images)" : " (1 image)"));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void outputsAreProbabilitiesThatDependOnTheInput() throws Exception {
        float[] a = engine.infer(golden.floats("input." + samples.get(0).id()), 1);
        float[] zeros = engine.infer(new float[3 * 256 * 256], 1);
        for (float v : a) {
            assertTrue(v >= 0f && v <= 1f, "probability out of range: " + v);
        }
        assertTrue(Golden.maxAbsDiff(a, zeros) > 1e-3f, "output does not depend on the input");
    }

    @Test
    void concurrentCallsGiveTheSameAnswers() throws Exception {
        float[] input = golden.floats("input." + samples.get(0).id());
        float[] expected = engine.infer(input, 1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<float[]>>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> engine.infer(input, 1)));
            }
            for (var f : futures) {
                assertEquals(0f, Golden.maxAbsDiff(expected, f.get()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
