package org.dermaseg.inference.engine.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.Safetensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java engine against the PyTorch probabilities saved at export and against ONNX Runtime. */
class GoldenParityTest {
    private static JavaEngine java;
    private static SegmentationEngine onnx;
    private static Safetensors golden;
    private static List<Golden.Sample> samples;

    @BeforeAll
    static void open() throws Exception {
        ModelArtifacts a = ModelArtifacts.fromDirectory(Golden.modelDir());
        java = new JavaEngine(a.card(), a.verifiedSafetensors());
        onnx = EngineFactory.create(EngineChoice.ONNX, DeviceChoice.CPU, a);
        golden = Golden.tensors();
        samples = Golden.samples();
    }

    @AfterAll
    static void close() {
        if (java != null) {
            java.close();
        }
        if (onnx != null) {
            onnx.close();
        }
    }

    @Test
    void matchesPyTorchAndOnnxRuntimeWithin1e4OnEachGoldenSample() throws Exception {
        for (Golden.Sample s : samples) {
            float[] input = golden.floats("input." + s.id());
            float[] prob = java.infer(input, 1);
            float torch = Golden.maxAbsDiff(prob, golden.floats("prob." + s.id()));
            float ort = Golden.maxAbsDiff(prob, onnx.infer(input, 1));
            System.out.printf("golden %s: max |java - pytorch| = %.3g, max |java - onnx| = %.3g%n", s.id(), torch, ort);
            assertTrue(torch <= 1e-4f, s.id() + ": max abs diff to PyTorch " + torch + " > 1e-4");
            assertTrue(ort <= 1e-4f, s.id() + ": max abs diff to ONNX Runtime " + ort + " > 1e-4");
        }
    }
}
