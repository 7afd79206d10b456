package org.dermaseg.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MaskResizeTest {

    @Test
    void nearestPicksTheTopLeftSampleOfEachBlockWhenHalving() {
        byte[] src = {
            1, 0, 0, 0,
            0, 0, 0, 0,
            0, 0, 5, 0,
            0, 0, 0, 0};
        // dst (x,y) <- src (2x, 2y): (0,0)=1, (1,0)=0, (0,1)=0, (1,1)=src(2,2)=5 -> 1
        assertArrayEquals(new byte[] {1, 0, 0, 1}, MaskResize.nearest(src, 4, 4, 2, 2));
    }

    @Test
    void nearestUpscaleRepeatsPixels() {
        byte[] out = MaskResize.nearest(new byte[] {1, 0}, 2, 1, 4, 2);
        assertArrayEquals(new byte[] {1, 1, 0, 0, 1, 1, 0, 0}, out);
    }

    @Test
    void bilinearHalvingAveragesEach2x2BlockAndCutsStrictlyAboveHalf() {
        // at factor 2 the sample point (2d + 0.5) sits between two source pixels, weight 1/2 each,
        // so each output is the mean of a 2x2 block. Blocks: 3 of 4 set (0.75 -> 1), 2 of 4 (0.5 -> 0),
        // 4 of 4 (1), 1 of 4 (0.25 -> 0).
        byte[] src = {
            1, 1, 1, 0,
            1, 0, 1, 0,
            1, 1, 0, 1,
            1, 1, 0, 0};
        assertArrayEquals(new byte[] {1, 0, 1, 0}, MaskResize.bilinearThenBinarise(src, 4, 4, 2, 2, 0.5));
    }

    @Test
    void sameSizeIsIdentity() {
        byte[] src = {1, 0, 0, 1, 1, 0};
        assertArrayEquals(src, MaskResize.nearest(src, 3, 2, 3, 2));
        assertArrayEquals(src, MaskResize.bilinearThenBinarise(src, 3, 2, 3, 2, 0.5));
    }

    @Test
    void bilinearOfALargeSquareKeepsItsArea() {
        int n = 1024;
        byte[] src = new byte[n * n];
        for (int y = 256; y < 768; y++) {
            for (int x = 256; x < 768; x++) {
                src[y * n + x] = 1;
            }
        }
        byte[] out = MaskResize.bilinearThenBinarise(src, n, n, 256, 256, 0.5);
        int area = 0;
        for (byte b : out) {
            area += b;
        }
        assertEquals(128 * 128, area);
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> MaskResize.nearest(new byte[3], 2, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> MaskResize.nearest(new byte[4], 2, 2, 0, 1));
    }
}
