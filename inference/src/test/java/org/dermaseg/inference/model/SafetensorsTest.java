package org.dermaseg.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dermaseg.inference.Golden;
import org.junit.jupiter.api.Test;

class SafetensorsTest {
    private static byte[] file(String header, float... data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        ByteBuffer d = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            d.putFloat(f);
        }
        out.writeBytes(d.array());
        return out.toByteArray();
    }

    @Test
    void readsF32TensorsByOffset() throws IOException {
        byte[] b = file("""
                {"__metadata__": {"format": "pt"},
                 "b": {"dtype": "F32", "shape": [2], "data_offsets": [24, 32]},
                 "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}}""",
                1f, 2f, 3f, 4f, 5f, 6f, -7.5f, 8.25f);
        Safetensors st = Safetensors.parse(b, "mem");
        assertEquals(java.util.Set.of("a", "b"), st.names());
        assertArrayEquals(new int[] {2, 3}, st.shape("a"));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, st.floats("a"));
        assertArrayEquals(new float[] {-7.5f, 8.25f}, st.floats("b"));
        assertEquals("pt", st.metadata().get("format"));
    }

    @Test
    void refusesInconsistentFiles() {
        IOException size = assertThrows(IOException.class, () -> Safetensors.parse(file(
                "{\"a\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 1f, 2f), "mem"));
        assertTrue(size.getMessage().contains("needs 12"), size.getMessage());
        IOException past = assertThrows(IOException.class, () -> Safetensors.parse(file(
                "{\"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 1f, 2f), "mem"));
        assertTrue(past.getMessage().contains("outside"), past.getMessage());
        assertThrows(IOException.class, () -> Safetensors.parse(new byte[] {1, 2, 3}, "mem"));
        assertThrows(IOException.class, () -> Safetensors.parse(
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array(), "mem"));
    }

    @Test
    void otherDtypesAreListedButNotReadAsFloats() throws IOException {
        Safetensors st = Safetensors.parse(file(
                "{\"h\": {\"dtype\": \"F16\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 0f), "mem");
        assertEquals("F16", st.dtype("h"));
        IOException e = assertThrows(IOException.class, () -> st.floats("h"));
        assertTrue(e.getMessage().contains("only F32"), e.getMessage());
        assertThrows(IOException.class, () -> st.floats("missing"));
    }

    @Test
    void weightsFileMatchesTheCardsTensorList() throws Exception {
        Path dir = Golden.modelDir();
        ModelCard card = ModelCard.read(dir.resolve(Golden.CARD_FILE));
        Safetensors st = Safetensors.read(dir.resolve(card.artifacts().safetensors().file()));
        assertEquals(card.tensorShapes().keySet(), st.names());
        long params = 0;
        for (var e : card.tensorShapes().entrySet()) {
            assertArrayEquals(e.getValue(), st.shape(e.getKey()), e.getKey());
            params += st.floats(e.getKey()).length;
        }
        assertEquals(card.parameters().longValue(), params);
    }
}
