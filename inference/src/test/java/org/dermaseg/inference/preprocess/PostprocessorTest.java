package org.dermaseg.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PostprocessorTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void thresholdIsInclusiveAtModelSize() {
        ProbabilityMap p = new ProbabilityMap(2, 2, new float[] {0.49f, 0.5f, 0.51f, 0f});
        BinaryMask m = new Postprocessor().toMask(p, 2, 2, 0.5);
        assertArrayEquals(bytes(0, 1, 1, 0), m.data());
        assertEquals(2, m.area());
    }

    @Test
    void bilinearUpsamplingThenThreshold() {
        // 2x1 probs 0 and 1 upsampled to 4x1 with OpenCV's half-pixel centres: 0, 0.25, 0.75, 1
        ProbabilityMap p = new ProbabilityMap(2, 1, new float[] {0f, 1f});
        float[] up = Postprocessor.resize(p, 4, 1);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, up, 1e-6f);
        assertArrayEquals(bytes(0, 0, 1, 1), new Postprocessor().toMask(p, 4, 1, 0.5).data());
        assertArrayEquals(bytes(0, 1, 1, 1), new Postprocessor().toMask(p, 4, 1, 0.2).data());
    }

    @Test
    void keepLargestComponentDropsSmallerIslands() {
        byte[] m = bytes(
                1, 1, 0, 0, 0,
                1, 1, 0, 0, 1,
                0, 0, 0, 0, 0,
                0, 0, 1, 1, 1,
                0, 0, 1, 1, 1);
        Postprocessor.keepLargest(m, 5, 5);
        assertArrayEquals(bytes(
                0, 0, 0, 0, 0,
                0, 0, 0, 0, 0,
                0, 0, 0, 0, 0,
                0, 0, 1, 1, 1,
                0, 0, 1, 1, 1), m);
    }

    @Test
    void fillHolesFillsEnclosedBackgroundOnly() {
        byte[] m = bytes(
                0, 0, 0, 0, 0, 0,
                0, 1, 1, 1, 0, 0,
                0, 1, 0, 1, 0, 0,
                0, 1, 1, 1, 0, 0,
                1, 0, 0, 0, 0, 1,
                0, 0, 0, 0, 0, 0);
        Postprocessor.fillHoles(m, 6, 6);
        assertEquals(1, m[2 * 6 + 2], "enclosed hole filled");
        assertEquals(0, m[0], "outer background kept");
        assertEquals(0, m[4 * 6 + 2], "background under the ring touches the border");
        assertEquals(8 + 1 + 2, new BinaryMask(6, 6, m).area()); // ring, filled hole, two border pixels
    }

    @Test
    void cleanOptionsApplyInMaskCreation() {
        // 7x7: an island at (0,0), a 4x4 block at 2..5 with a hole at (3,3)
        float[] prob = new float[49];
        prob[0] = 0.9f;
        for (int y = 2; y < 6; y++) {
            for (int x = 2; x < 6; x++) {
                prob[y * 7 + x] = (x == 3 && y == 3) ? 0.1f : 0.9f;
            }
        }
        ProbabilityMap p = new ProbabilityMap(7, 7, prob);
        BinaryMask plain = new Postprocessor().toMask(p, 7, 7, 0.5);
        assertEquals(1 + 15, plain.area());
        BinaryMask largest = new Postprocessor(new PostprocessOptions(true, false)).toMask(p, 7, 7, 0.5);
        assertEquals(15, largest.area());
        assertEquals(false, largest.get(0, 0));
        BinaryMask clean = new Postprocessor(PostprocessOptions.CLEAN).toMask(p, 7, 7, 0.5);
        assertEquals(16, clean.area());
        assertEquals(false, clean.get(0, 0));
        assertEquals(true, clean.get(3, 3));
    }

    @Test
    void maskRejectsNonBinaryValuesAndBadThresholds() {
        assertThrows(IllegalArgumentException.class, () -> new BinaryMask(1, 1, bytes(255)));
        ProbabilityMap p = new ProbabilityMap(1, 1, new float[] {0.5f});
        assertThrows(IllegalArgumentException.class, () -> new Postprocessor().toMask(p, 1, 1, 1.5));
    }
}
