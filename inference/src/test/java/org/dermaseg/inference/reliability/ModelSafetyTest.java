package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged model files through {@link EngineFactory}, for every engine choice, with the real pure-Java
 * engine ({@code engine.purejava.JavaEngine}, as in production, no stand-in):
 * one flipped byte is refused by its SHA-256 with a message naming the file and both digests, and
 * {@code auto} falls back to the Java engine only when the Java engine's own weights verify.
 * (Single-file checks are in ModelArtifactsTest; the CLI's exit codes in ModelSafetyE2ETest.)
 */
class ModelSafetyTest {
    private static final String ONNX = Golden.ONNX_FILE;
    private static final String WEIGHTS = Golden.WEIGHTS_FILE;

    @TempDir
    Path tmp;

    @BeforeEach
    void productionJavaEngine() {
        EngineFactory.registerJavaEngine(null); // the pure-Java engine, as the app starts it
        assertTrue(EngineFactory.javaEngineAvailable(), "the pure-Java engine must have a network");
    }

    private Path copyModel(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String f : List.of(Golden.CARD_FILE, ONNX, WEIGHTS)) {
            Files.copy(Golden.modelDir().resolve(f), dir.resolve(f));
        }
        return dir;
    }

    private static void flipOneByte(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        b[b.length / 3] ^= (byte) 0x80;
        Files.write(file, b);
    }

    /** ONNX Runtime cannot open the file, yet it matches its card: "ONNX Runtime unavailable", not "damaged". */
    private static void makeOnnxUnloadableButVerified(Path dir) throws Exception {
        String oldSha = ModelArtifacts.sha256(dir.resolve(ONNX));
        Files.writeString(dir.resolve(ONNX), "not a protobuf: ONNX Runtime cannot open this");
        String card = Files.readString(dir.resolve(Golden.CARD_FILE));
        assertTrue(card.contains(oldSha));
        Files.writeString(dir.resolve(Golden.CARD_FILE), card.replace(oldSha, ModelArtifacts.sha256(dir.resolve(ONNX))));
    }

    private static void assertDamaged(ModelException e, Path file) throws Exception {
        String m = e.getMessage();
        assertTrue(m.contains("model file " + file.toAbsolutePath().normalize() + " is damaged"), m);
        assertTrue(m.contains("SHA-256 " + ModelArtifacts.sha256(file)), "actual digest: " + m);
        assertTrue(m.contains("expected "), m);
        assertFalse(m.contains("\n"), "one line: " + m);
    }

    @Test
    void flippedByteInTheOnnxFileIsFatalForOnnxAndAutoAlike() throws Exception {
        Path dir = copyModel("onnx-flipped");
        flipOneByte(dir.resolve(ONNX));
        for (EngineChoice choice : List.of(EngineChoice.ONNX, EngineChoice.AUTO)) {
            ModelArtifacts a = ModelArtifacts.fromDirectory(dir);
            ModelException e = assertThrows(ModelException.class, () -> EngineFactory.create(choice, DeviceChoice.CPU, a),
                    choice + " must not start, nor fall back, on a damaged ONNX file");
            assertDamaged(e, dir.resolve(ONNX));
        }
    }

    @Test
    void flippedByteInTheWeightsIsFatalForTheJavaEngine() throws Exception {
        Path dir = copyModel("weights-flipped");
        flipOneByte(dir.resolve(WEIGHTS));
        ModelException e = assertThrows(ModelException.class,
                () -> EngineFactory.create(EngineChoice.JAVA, DeviceChoice.CPU, ModelArtifacts.fromDirectory(dir)));
        assertDamaged(e, dir.resolve(WEIGHTS));
        // the ONNX engine does not read the safetensors file and still starts
        try (SegmentationEngine onnx = EngineFactory.create(EngineChoice.ONNX, DeviceChoice.CPU, ModelArtifacts.fromDirectory(dir))) {
            assertEquals("onnx", onnx.info().name());
        }
    }

    @Test
    void autoRunsTheJavaEngineWhenItsWeightsVerify() throws Exception {
        Path dir = copyModel("onnx-unloadable");
        makeOnnxUnloadableButVerified(dir);
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.AUTO, DeviceChoice.CPU, ModelArtifacts.fromDirectory(dir))) {
            assertEquals("java", e.info().name());
            assertNotNull(e.info().choiceReason());
            float[] prob = e.infer(new float[3 * 256 * 256], 1);
            assertEquals(256 * 256, prob.length);
            for (float v : prob) {
                assertTrue(v >= 0f && v <= 1f, "probability " + v);
            }
        }
    }

    @Test
    void autoDoesNotFallBackWhenTheJavaEnginesWeightsAreDamaged() throws Exception {
        Path dir = copyModel("both-bad");
        makeOnnxUnloadableButVerified(dir);
        flipOneByte(dir.resolve(WEIGHTS));
        ModelException e = assertThrows(ModelException.class,
                () -> EngineFactory.create(EngineChoice.AUTO, DeviceChoice.CPU, ModelArtifacts.fromDirectory(dir)));
        assertDamaged(e, dir.resolve(WEIGHTS));
    }
}
