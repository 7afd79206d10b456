package org.dermaseg.inference.engine.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelEntry;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;
import org.dermaseg.inference.model.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model of the committed model folder, found through the registry and started by the engine factory as
 * the CLI and the GUI start it: the pure-Java engine against the PyTorch probabilities saved at export (the
 * model's golden tensors) and against ONNX Runtime on the same graph, max abs difference <= 1e-4 each.
 */
class GoldenParityTest {
    private static final float MAX_DIFF = 1e-4f;

    static Stream<String> modelIds() throws ModelException {
        return ModelRegistry.inDirectory(Golden.modelDir()).models().stream().map(ModelEntry::id);
    }

    @Test
    void theModelFolderHoldsBothNetworksBothUsable() throws Exception {
        ModelRegistry r = ModelRegistry.inDirectory(Golden.modelDir());
        List<String> types = r.models().stream().map(e -> e.artifacts() == null ? "refused: " + e.problem()
                : e.artifacts().card().architectureType()).sorted().toList();
        assertEquals(JavaNetworks.types().stream().sorted().toList(), types,
                "one committed model per registered pure-Java network");
        assertEquals(r.models().size(), r.usable().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelIds")
    void javaEngineMatchesPyTorchAndOnnxRuntimeOnEachGoldenSample(String id) throws Exception {
        ModelArtifacts a = ModelRegistry.inDirectory(Golden.modelDir()).require(id);
        Path goldenDir = Golden.goldenDir(id);
        Safetensors golden = Golden.tensors(goldenDir);
        List<Golden.Sample> samples = Golden.samples(goldenDir);
        assertTrue(samples.size() >= 3, id + ": " + samples.size() + " golden samples");
        try (SegmentationEngine java = EngineFactory.create(EngineChoice.JAVA, DeviceChoice.CPU, a);
             SegmentationEngine onnx = EngineFactory.create(EngineChoice.ONNX, DeviceChoice.CPU, a)) {
            assertEquals("java", java.info().name());
            assertEquals("onnx", onnx.info().name());
            for (Golden.Sample s : samples) {
                float[] input = golden.floats("input." + s.id());
                float[] torch = golden.floats("prob." + s.id());
                float[] pj = java.infer(input, 1);
                float[] po = onnx.infer(input, 1);
                float dj = Golden.maxAbsDiff(pj, torch);
                float dort = Golden.maxAbsDiff(po, torch);
                float djo = Golden.maxAbsDiff(pj, po);
                System.out.printf(Locale.ROOT, "golden %s %s: max|java-pytorch| %.3g, max|onnx-pytorch| %.3g, "
                        + "max|java-onnx| %.3g%n", id, s.id(), dj, dort, djo);
                assertTrue(dj <= MAX_DIFF, id + " " + s.id() + ": Java vs PyTorch " + dj);
                assertTrue(dort <= MAX_DIFF, id + " " + s.id() + ": ONNX Runtime vs PyTorch " + dort);
                assertTrue(djo <= MAX_DIFF, id + " " + s.id() + ": Java vs ONNX Runtime " + djo);
            }
        }
    }
}
