package org.dermaseg.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dermaseg.inference.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactsTest {
    @TempDir
    Path tmp;

    private Path copyModel() throws Exception {
        Path src = Golden.modelDir();
        Path dst = tmp.resolve("model");
        Files.createDirectories(dst);
        for (String f : List.of(Golden.CARD_FILE, Golden.ONNX_FILE, Golden.WEIGHTS_FILE)) {
            Files.copy(src.resolve(f), dst.resolve(f));
        }
        return dst;
    }

    @Test
    void exportedFilesMatchTheirCard() throws Exception {
        ModelArtifacts a = ModelArtifacts.fromDirectory(Golden.modelDir());
        Path onnx = a.verifiedOnnx();
        assertEquals(a.card().artifacts().onnx().sha256(), ModelArtifacts.sha256(onnx));
        assertEquals(a.card().artifacts().onnx().bytes(), Files.size(onnx));
        a.verifiedSafetensors();
    }

    @Test
    void sha256IsTheStandardDigest() throws Exception {
        Path f = tmp.resolve("abc.txt");
        Files.writeString(f, "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ModelArtifacts.sha256(f));
    }

    @Test
    void changedOnnxFileIsRejectedNamingBothDigests() throws Exception {
        Path dir = copyModel();
        Path onnx = dir.resolve(Golden.ONNX_FILE);
        byte[] b = Files.readAllBytes(onnx);
        b[b.length / 2] ^= 1; // one flipped bit in the weights
        Files.write(onnx, b);
        ModelArtifacts a = ModelArtifacts.fromDirectory(dir);
        ModelException e = assertThrows(ModelException.class, a::verifiedOnnx);
        String expected = a.card().artifacts().onnx().sha256();
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(ModelArtifacts.sha256(onnx)), e.getMessage());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        a.verifiedSafetensors(); // the untouched file still passes
    }

    @Test
    void changedSafetensorsIsRejected() throws Exception {
        Path dir = copyModel();
        Files.write(dir.resolve(Golden.WEIGHTS_FILE), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        ModelArtifacts a = ModelArtifacts.fromDirectory(dir);
        assertThrows(ModelException.class, a::verifiedSafetensors);
    }

    @Test
    void missingModelFileIsNamed() throws Exception {
        Path dir = copyModel();
        Files.delete(dir.resolve(Golden.ONNX_FILE));
        ModelException e = assertThrows(ModelException.class, () -> ModelArtifacts.fromDirectory(dir).verifiedOnnx());
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains(Golden.ONNX_FILE), e.getMessage());
    }

    @Test
    void locateListsEveryPlaceItLooked() {
        Path a = tmp.resolve("first");
        Path b = tmp.resolve("second");
        ModelException e = assertThrows(ModelException.class, () -> ModelArtifacts.locate(List.of(a, b)));
        assertTrue(e.getMessage().contains(a.toString()) && e.getMessage().contains(b.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(ModelArtifacts.DIR_PROPERTY), e.getMessage());
    }

    @Test
    void locateTakesTheFirstDirectoryWithACard() throws Exception {
        Path dir = copyModel();
        ModelArtifacts a = ModelArtifacts.locate(List.of(tmp.resolve("nothing-here"), dir));
        assertEquals(dir.toAbsolutePath().normalize(), a.directory());
    }

    @Test
    void systemPropertyOverridesTheSearchPath() throws Exception {
        String old = System.getProperty(ModelArtifacts.DIR_PROPERTY);
        try {
            System.setProperty(ModelArtifacts.DIR_PROPERTY, tmp.toString());
            assertEquals(List.of(tmp), ModelArtifacts.searchPath());
            assertThrows(ModelException.class, ModelArtifacts::locate); // no card there: no silent fallback
        } finally {
            if (old == null) {
                System.clearProperty(ModelArtifacts.DIR_PROPERTY);
            } else {
                System.setProperty(ModelArtifacts.DIR_PROPERTY, old);
            }
        }
    }
}
