package org.dermaseg.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineFactoryTest {
    @TempDir
    Path tmp;

    /** A stand-in Java engine that answers a constant. */
    private static final class ConstantEngine implements SegmentationEngine {
        @Override
        public EngineInfo info() {
            return new EngineInfo("java", "cpu", "test stand-in", null);
        }

        @Override
        public float[] infer(float[] nchw, int batch) {
            float[] out = new float[batch * 256 * 256];
            java.util.Arrays.fill(out, 0.75f);
            return out;
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void restore() {
        EngineFactory.registerJavaEngine(null);
    }

    private static ModelArtifacts real() throws ModelException {
        return ModelArtifacts.fromDirectory(Golden.modelDir());
    }

    @Test
    void autoPicksTheFasterCpuEngineWithoutCudaAndSaysWhy() throws Exception {
        assertNull(EngineFactory.onnxRuntimeProblem());
        assertNotNull(EngineFactory.cudaProblem(), "this test runs on a CPU-only ONNX Runtime build");
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.AUTO, DeviceChoice.AUTO, real())) {
            assertEquals(EngineFactory.FASTER_CPU_ENGINE.toString(), e.info().name());
            assertNull(e.info().fallbackReason(), "auto was asked for, nothing fell back");
            assertTrue(e.info().choiceReason().contains("faster CPU engine"), e.info().choiceReason());
            assertTrue(e.info().choiceReason().contains("no CUDA"), e.info().choiceReason());
        }
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.AUTO, DeviceChoice.CPU, real())) {
            assertEquals(EngineFactory.FASTER_CPU_ENGINE.toString(), e.info().name());
            assertTrue(e.info().choiceReason().startsWith("the faster CPU engine"), e.info().choiceReason());
        }
    }

    @Test
    void autoAskedForCudaOnACpuBuildFallsBackWithTheReason() throws Exception {
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.AUTO, DeviceChoice.CUDA, real())) {
            assertEquals("cpu", e.info().device());
            assertTrue(e.info().fallbackReason().startsWith("CUDA unavailable: "), e.info().fallbackReason());
            assertTrue(e.info().fallbackReason().contains("no CUDA execution provider"), e.info().fallbackReason());
        }
    }

    @Test
    void namedEnginesCarryNoAutoReason() throws Exception {
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.ONNX, DeviceChoice.CPU, real())) {
            assertEquals("onnx/cpu", e.info().label());
            assertNull(e.info().choiceReason());
        }
    }

    @Test
    void cudaRequestOnACpuBuildFallsBackToCpuWithAReason() throws Exception {
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.ONNX, DeviceChoice.CUDA, real())) {
            if (e.info().device().equals("cuda")) {
                assertNull(e.info().fallbackReason());
            } else {
                assertEquals("cpu", e.info().device());
                assertNotNull(e.info().fallbackReason());
                assertTrue(e.info().fallbackReason().contains("CUDA"), e.info().fallbackReason());
            }
        }
    }

    @Test
    void theProductionJavaEngineFindsTheNetworkOfTheCardsArchitecture() throws Exception {
        EngineFactory.registerJavaEngine(null);
        ModelArtifacts a = real();
        assertTrue(org.dermaseg.inference.engine.purejava.JavaNetworks.types().contains(a.card().architectureType()),
                org.dermaseg.inference.engine.purejava.JavaNetworks.types().toString());
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.JAVA, DeviceChoice.CPU, a)) {
            assertEquals("java", e.info().name());
            assertTrue(e.info().detail().contains(a.card().name()), e.info().detail());
        }
    }

    @Test
    void providerFailureIsAnEngineErrorWithTheCause() throws Exception {
        JavaEngineProvider failing = (card, weights) -> {
            throw new IllegalStateException("no memory for " + card.name());
        };
        EngineException e = assertThrows(EngineException.class,
                () -> EngineFactory.createJava(failing, DeviceChoice.CPU, real(), null));
        assertTrue(e.getMessage().contains("failed to start") && e.getMessage().contains("no memory for"), e.getMessage());
    }

    @Test
    void registeredJavaEngineIsUsedAndCudaRequestNoted() throws Exception {
        EngineFactory.registerJavaEngine((card, weights) -> {
            assertTrue(Files.isRegularFile(weights));
            assertEquals(256, card.inputWidth());
            return new ConstantEngine();
        });
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.JAVA, DeviceChoice.CPU, real())) {
            assertEquals("java", e.info().name());
            assertNull(e.info().fallbackReason());
        }
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.JAVA, DeviceChoice.CUDA, real())) {
            assertTrue(e.info().fallbackReason().contains("CPU only"), e.info().fallbackReason());
        }
    }

    /** A model directory whose ONNX file passes its checksum but is not a model ONNX Runtime can open. */
    private Path modelWithUnloadableOnnx() throws Exception {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Path src = Golden.modelDir();
        Files.copy(src.resolve(Golden.WEIGHTS_FILE), dir.resolve(Golden.WEIGHTS_FILE));
        Files.writeString(dir.resolve(Golden.ONNX_FILE), "this is not a protobuf");
        String sha = ModelArtifacts.sha256(dir.resolve(Golden.ONNX_FILE));
        String card = Files.readString(src.resolve(Golden.CARD_FILE))
                .replace(real().card().artifacts().onnx().sha256(), sha);
        Files.writeString(dir.resolve(Golden.CARD_FILE), card);
        return dir;
    }

    @Test
    void autoUsesOnnxWhenTheJavaEngineCannotStartAndSaysWhy() throws Exception {
        EngineFactory.registerJavaEngine((card, weights) -> {
            throw new IllegalStateException("weights do not fit");
        });
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.AUTO, DeviceChoice.CPU, real())) {
            assertEquals("onnx/cpu", e.info().label());
            assertTrue(e.info().fallbackReason().startsWith("Java engine unavailable"), e.info().fallbackReason());
            assertTrue(e.info().fallbackReason().contains("weights do not fit"), e.info().fallbackReason());
            assertTrue(e.info().choiceReason().contains("cannot start"), e.info().choiceReason());
        }
    }

    @Test
    void autoDoesNotNeedOnnxRuntimeToSessionWhenTheJavaEngineRuns() throws Exception {
        EngineFactory.registerJavaEngine((card, weights) -> new ConstantEngine());
        ModelArtifacts a = ModelArtifacts.fromDirectory(modelWithUnloadableOnnx());
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.AUTO, DeviceChoice.AUTO, a)) {
            assertEquals("java", e.info().name());
            assertEquals(0.75f, e.infer(new float[3 * 256 * 256], 1)[0]);
        }
        EngineException onnxOnly = assertThrows(EngineException.class,
                () -> EngineFactory.create(EngineChoice.ONNX, DeviceChoice.CPU, a));
        assertTrue(onnxOnly.getMessage().contains("cannot open"), onnxOnly.getMessage());
    }

    @Test
    void autoReportsBothProblemsWhenNothingStarts() throws Exception {
        EngineFactory.registerJavaEngine((card, weights) -> {
            throw new IllegalStateException("weights do not fit");
        });
        ModelArtifacts a = ModelArtifacts.fromDirectory(modelWithUnloadableOnnx());
        EngineException e = assertThrows(EngineException.class,
                () -> EngineFactory.create(EngineChoice.AUTO, DeviceChoice.CPU, a));
        assertTrue(e.getMessage().contains("ONNX Runtime") && e.getMessage().contains("weights do not fit"),
                e.getMessage());
    }

    @Test
    void damagedModelIsFatalEvenForAuto() throws Exception {
        EngineFactory.registerJavaEngine((card, weights) -> new ConstantEngine());
        Path dir = modelWithUnloadableOnnx();
        Files.writeString(dir.resolve(Golden.ONNX_FILE), "changed after the card was written");
        ModelArtifacts a = ModelArtifacts.fromDirectory(dir);
        assertThrows(ModelException.class, () -> EngineFactory.create(EngineChoice.AUTO, DeviceChoice.CPU, a));
    }

    @Test
    void availableEnginesListsOnnxCpu() {
        List<String> engines = EngineFactory.availableEngines();
        assertTrue(engines.contains("onnx/cpu"), engines.toString());
    }

    @Test
    void choicesParseCaseInsensitively() {
        assertEquals(EngineChoice.ONNX, EngineChoice.parse("ONNX"));
        assertEquals(DeviceChoice.CUDA, DeviceChoice.parse(" cuda "));
        assertThrows(IllegalArgumentException.class, () -> EngineChoice.parse("tensorrt"));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("gpu"));
    }
}
