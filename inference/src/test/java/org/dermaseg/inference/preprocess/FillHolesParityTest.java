package org.dermaseg.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.dermaseg.inference.image.MatScope;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * {@link Postprocessor#fillHoles} (a flood fill from the border in Java) against the OpenCV connected-components
 * version it replaced, on random masks of every density and some thin shapes: the same pixels, always.
 */
class FillHolesParityTest {
    @Test
    void sameMaskAsOpenCvConnectedComponents() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 400; trial++) {
            int w = 1 + rnd.nextInt(trial < 200 ? 12 : 90);
            int h = 1 + rnd.nextInt(trial < 200 ? 12 : 90);
            double density = rnd.nextDouble();
            byte[] m = new byte[w * h];
            for (int i = 0; i < m.length; i++) {
                m[i] = rnd.nextDouble() < density ? (byte) 1 : 0;
            }
            if (trial % 3 == 0 && w > 4 && h > 4) { // a ring with a hole, the usual case
                for (int y = 1; y < h - 1; y++) {
                    for (int x = 1; x < w - 1; x++) {
                        boolean edge = y == 1 || y == h - 2 || x == 1 || x == w - 2;
                        m[y * w + x] = edge ? (byte) 1 : m[y * w + x];
                    }
                }
            }
            byte[] expected = m.clone();
            openCvFillHoles(expected, w, h);
            byte[] actual = m.clone();
            Postprocessor.fillHoles(actual, w, h);
            assertArrayEquals(expected, actual, "trial " + trial + " (" + w + "x" + h + ")");
        }
    }

    /** The implementation before: background 4-connected components whose bounding box touches no border. */
    static void openCvFillHoles(byte[] mask, int width, int height) {
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(height, width, CvType.CV_8UC1));
            Mat background = mats.add(new Mat());
            Mat labels = mats.add(new Mat());
            Mat stats = mats.add(new Mat());
            Mat centroids = mats.add(new Mat());
            m.put(0, 0, mask);
            Core.compare(m, new Scalar(0), background, Core.CMP_EQ);
            int n = Imgproc.connectedComponentsWithStats(background, labels, stats, centroids, 4, CvType.CV_32S);
            boolean[] hole = new boolean[n];
            for (int i = 1; i < n; i++) {
                int left = (int) stats.get(i, Imgproc.CC_STAT_LEFT)[0];
                int top = (int) stats.get(i, Imgproc.CC_STAT_TOP)[0];
                int w = (int) stats.get(i, Imgproc.CC_STAT_WIDTH)[0];
                int h = (int) stats.get(i, Imgproc.CC_STAT_HEIGHT)[0];
                hole[i] = left > 0 && top > 0 && left + w < width && top + h < height;
            }
            int[] lab = new int[mask.length];
            labels.get(0, 0, lab);
            for (int i = 0; i < mask.length; i++) {
                if (hole[lab[i]]) {
                    mask[i] = 1;
                }
            }
        }
    }
}
