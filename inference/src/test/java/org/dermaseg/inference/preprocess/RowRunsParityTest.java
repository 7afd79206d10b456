package org.dermaseg.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.dermaseg.inference.image.MatScope;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * {@link RowRuns#largest8Connected} (union-find over row runs) against the OpenCV connected-components version it
 * replaced ({@link #openCvKeepLargest}, the code of {@code Postprocessor.keepLargest} until 2026-12-03): the same
 * pixels on random masks of every density, and on equal-area regions, where the tie must go the way OpenCV's
 * label order sends it.
 */
class RowRunsParityTest {
    @Test
    void largestRegionAsOpenCvOnRandomMasks() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 1500; trial++) {
            int w = 1 + rnd.nextInt(trial < 800 ? 10 : 70);
            int h = 1 + rnd.nextInt(trial < 800 ? 10 : 70);
            double density = rnd.nextDouble() * (trial % 2 == 0 ? 0.5 : 1.0);
            byte[] m = new byte[w * h];
            for (int i = 0; i < m.length; i++) {
                m[i] = rnd.nextDouble() < density ? (byte) 1 : 0;
            }
            assertSameAsOpenCv(m, w, h, "trial " + trial + " (" + w + "x" + h + ")");
        }
    }

    @Test
    void equalAreasGoToTheRegionOpenCvNumbersFirst() {
        // two 2x2 squares (and single pixels) at every pair of places on small canvases: ties everywhere, with
        // regions whose first pixel in raster order and first 2x2 block disagree on which comes first
        int ties = 0;
        for (int w = 3; w <= 9; w++) {
            for (int h = 3; h <= 7; h++) {
                for (int size = 1; size <= 2; size++) {
                    for (int a = 0; a < w * h; a++) {
                        for (int b = a + 1; b < w * h; b++) {
                            byte[] m = new byte[w * h];
                            if (!square(m, w, h, a % w, a / w, size) || !square(m, w, h, b % w, b / w, size)) {
                                continue;
                            }
                            assertSameAsOpenCv(m, w, h, w + "x" + h + " squares of " + size + " at " + a + ", " + b);
                            ties++;
                        }
                    }
                }
            }
        }
        assertEquals(true, ties > 1000, "ties tried: " + ties);
    }

    @Test
    void cleanMaskFromProbabilitiesAsBefore() {
        // the whole clean-up: threshold, largest region, holes, against the OpenCV and flood-fill route of before
        Random rnd = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int w = 2 + rnd.nextInt(60);
            int h = 2 + rnd.nextInt(60);
            float[] p = new float[w * h];
            double cx = rnd.nextDouble() * w;
            double cy = rnd.nextDouble() * h;
            double r = 1 + rnd.nextDouble() * Math.max(w, h) / 2;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double d = Math.hypot(x - cx, y - cy) / r;
                    p[y * w + x] = (float) Math.min(1, Math.max(0, 1.2 - d + 0.6 * (rnd.nextDouble() - 0.5)));
                }
            }
            float t = (float) (0.2 + 0.6 * rnd.nextDouble());
            byte[] expected = new byte[w * h];
            for (int i = 0; i < p.length; i++) {
                expected[i] = p[i] >= t ? (byte) 1 : 0;
            }
            openCvKeepLargest(expected, w, h);
            FillHolesParityTest.openCvFillHoles(expected, w, h);
            byte[] actual = RowRuns.atOrAbove(p, w, h, t).largest8Connected().holesFilled().toMask();
            assertArrayEquals(expected, actual, "trial " + trial);
        }
    }

    private static boolean square(byte[] m, int w, int h, int x, int y, int size) {
        if (x + size > w || y + size > h) {
            return false;
        }
        for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + size); yy++) {
            for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + size); xx++) {
                if (m[yy * w + xx] != 0) {
                    return false; // would touch the other square: one region, no tie
                }
            }
        }
        for (int yy = y; yy < y + size; yy++) {
            for (int xx = x; xx < x + size; xx++) {
                m[yy * w + xx] = 1;
            }
        }
        return true;
    }

    private static void assertSameAsOpenCv(byte[] m, int w, int h, String what) {
        byte[] expected = m.clone();
        openCvKeepLargest(expected, w, h);
        byte[] actual = m.clone();
        Postprocessor.keepLargest(actual, w, h);
        assertArrayEquals(expected, actual, what);
    }

    /** Zeroes every 8-connected foreground component but the largest (ties: the lowest OpenCV label). */
    static void openCvKeepLargest(byte[] mask, int width, int height) {
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(height, width, CvType.CV_8UC1));
            Mat labels = mats.add(new Mat());
            Mat stats = mats.add(new Mat());
            Mat centroids = mats.add(new Mat());
            m.put(0, 0, mask);
            int n = Imgproc.connectedComponentsWithStats(m, labels, stats, centroids, 8, CvType.CV_32S);
            if (n <= 2) {
                return;
            }
            int best = 1;
            double bestArea = -1;
            for (int i = 1; i < n; i++) {
                double area = stats.get(i, Imgproc.CC_STAT_AREA)[0];
                if (area > bestArea) {
                    bestArea = area;
                    best = i;
                }
            }
            int[] lab = new int[mask.length];
            labels.get(0, 0, lab);
            for (int i = 0; i < mask.length; i++) {
                mask[i] = lab[i] == best ? (byte) 1 : 0;
            }
        }
    }
}
