package org.dermaseg.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PreprocessorTest {
    @Test
    void minMaxOverAllChannelsAndNchwRgbOrder() {
        // 2x1 image already at model size: pixel0 RGB (10, 20, 30), pixel1 (50, 60, 110)
        Preprocessor pre = new Preprocessor(2, 1);
        float[] t = pre.toTensor(new byte[] {10, 20, 30, 50, 60, 110}, 2, 1);
        // min 10, max 110 over all channels: x -> (x - 10) / 100 * 255
        float[] expected = {0f, 40 * 2.55f, 10 * 2.55f, 50 * 2.55f, 20 * 2.55f, 255f};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], t[i], 1e-4f, "index " + i);
        }
    }

    @Test
    void flatImageGivesZeros() {
        Preprocessor pre = new Preprocessor(4, 4);
        byte[] rgb = new byte[8 * 8 * 3];
        java.util.Arrays.fill(rgb, (byte) 77);
        for (float v : pre.toTensor(rgb, 8, 8)) {
            assertEquals(0f, v);
        }
    }

    @Test
    void interAreaAveragesBlocks() {
        // 4x2 -> 2x1: each output pixel is the mean of a 2x2 block (INTER_AREA at integer scale)
        Preprocessor pre = new Preprocessor(2, 1);
        byte[] rgb = new byte[4 * 2 * 3];
        int[] grey = {0, 100, 200, 200, 100, 0, 200, 200}; // row-major 4x2
        for (int i = 0; i < 8; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) grey[i];
        }
        float[] t = pre.toTensor(rgb, 4, 2);
        // block means 50 and 200 -> min-max to 0 and 255 in every channel
        assertEquals(0f, t[0]);
        assertEquals(255f, t[1]);
        assertEquals(0f, t[2]);
        assertEquals(255f, t[5]);
    }
}
