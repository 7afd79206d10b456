package org.dermaseg.inference.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hull from sorted distinct keys against the way before (comparator sort, duplicates kept). */
class ConvexHullParityTest {
    @Test
    void sameHullAsSortingAllCornersWithAComparator() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 2000; trial++) {
            int span = 1 + rnd.nextInt(trial % 3 == 0 ? 4 : 600); // small spans: many duplicates and collinear points
            int pixels = 1 + rnd.nextInt(300);
            long[] keys = new long[4 * pixels];
            double[][] corners = new double[4 * pixels][];
            for (int i = 0; i < pixels; i++) {
                long x = rnd.nextInt(span);
                long y = rnd.nextInt(span);
                long[][] c = {{x, y}, {x + 1, y}, {x, y + 1}, {x + 1, y + 1}};
                for (int j = 0; j < 4; j++) {
                    keys[4 * i + j] = c[j][0] << 32 | c[j][1];
                    corners[4 * i + j] = new double[] {c[j][0], c[j][1]};
                }
            }
            double[][] expected = oldConvexHull(corners);
            double[][] got = SizeCalculator.convexHullOfSorted(SizeCalculator.sortedDistinct(keys));
            assertEquals(expected.length, got.length, "trial " + trial);
            for (int i = 0; i < got.length; i++) {
                assertArrayEquals(expected[i], got[i], 0.0, "trial " + trial + ", vertex " + i);
            }
            assertArrayEquals(SizeCalculator.feret(expected), SizeCalculator.feret(got), 0.0, "trial " + trial);
        }
    }

    /**
     * SizeCalculator.convexHull before 2026-12-03 afternoon: every corner, duplicates kept, sorted by a comparator,
     * then the same monotone chain (unchanged, so called rather than copied).
     */
    private static double[][] oldConvexHull(double[][] pts) {
        double[][] p = pts.clone();
        Arrays.sort(p, (u, v) -> u[0] != v[0] ? Double.compare(u[0], v[0]) : Double.compare(u[1], v[1]));
        return SizeCalculator.convexHullOfSorted(p);
    }
}
