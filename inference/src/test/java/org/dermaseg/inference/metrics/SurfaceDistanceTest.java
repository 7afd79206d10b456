package org.dermaseg.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SurfaceDistanceTest {
    private static final double EPS = 1e-9;

    private static byte[] rect(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] m = new byte[w * h];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                m[y * w + x] = 1;
            }
        }
        return m;
    }

    @Test
    void identicalMasksAreZeroApart() {
        byte[] a = rect(10, 10, 2, 3, 6, 8);
        SurfaceDistance d = SurfaceDistance.compute(10, 10, a, a.clone());
        assertEquals(0.0, d.hd95(), EPS);
        assertEquals(0.0, d.meanSurfaceDistance(), EPS);
        assertEquals(0.0, d.hausdorff(), EPS);
        // 5x6 rectangle: 30 pixels, 3x4 = 12 interior -> 18 boundary pixels
        assertEquals(18, d.predictionBoundaryPixels());
    }

    @Test
    void twoSquaresOffsetByOnePixel() {
        // 4x4 squares, A at x 2..5, B at x 3..6, both y 2..5. Each ring has 12 pixels.
        // A's ring: left column (4 px) is 1 from B's left column; its top/bottom pixels at x 3..5
        // (6 px) lie on B's ring; its right column interior (2 px) is 1 from B. So A: six 0s, six 1s,
        // and B symmetric. Pooled 24 values, twelve 0s and twelve 1s.
        byte[] a = rect(12, 10, 2, 2, 5, 5);
        byte[] b = rect(12, 10, 3, 2, 6, 5);
        SurfaceDistance d = SurfaceDistance.compute(12, 10, a, b);
        assertEquals(12, d.predictionBoundaryPixels());
        assertEquals(12, d.groundTruthBoundaryPixels());
        assertEquals(0.5, d.meanSurfaceDistance(), EPS);
        assertEquals(1.0, d.hd95(), EPS);
        assertEquals(1.0, d.hausdorff(), EPS);
    }

    @Test
    void twoSquaresFarApartAreKPixelsApart() {
        // 2x2 squares (every pixel is boundary) offset by k = 7 in x: each pixel's nearest
        // counterpart is the same row, 7 away, for all 8 pixels.
        byte[] a = rect(20, 5, 1, 1, 2, 2);
        byte[] b = rect(20, 5, 8, 1, 9, 2);
        SurfaceDistance d = SurfaceDistance.compute(20, 5, a, b);
        // nearest: a's right column (x=2) to b's left column (x=8) is 6; a's left column is 7.
        // a: {6,6,7,7}, b: {6,6,7,7} -> mean 6.5, max 7, 95th pct of [6,6,6,6,7,7,7,7] = 7
        assertEquals(6.5, d.meanSurfaceDistance(), EPS);
        assertEquals(7.0, d.hausdorff(), EPS);
        assertEquals(7.0, d.hd95(), EPS);
    }

    @Test
    void distancesAreEuclidean() {
        byte[] a = new byte[25];
        byte[] b = new byte[25];
        a[0] = 1;                // (0,0)
        b[4 * 5 + 3] = 1;        // (3,4): 3-4-5 triangle
        SurfaceDistance d = SurfaceDistance.compute(5, 5, a, b);
        assertEquals(5.0, d.hd95(), EPS);
        assertEquals(5.0, d.meanSurfaceDistance(), EPS);
        assertEquals(5.0, d.hausdorff(), EPS);
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        // one-row image: every mask pixel is boundary. A = {x=0}, B = {x=0..20}.
        // A: [0]; B: [0,1,...,20]; pooled 22 values [0,0,1,...,20].
        // rank = 0.95 * 21 = 19.95 -> sorted[19] = 18, sorted[20] = 19 -> 18.95
        byte[] a = new byte[21];
        a[0] = 1;
        byte[] b = new byte[21];
        Arrays.fill(b, (byte) 1);
        SurfaceDistance d = SurfaceDistance.compute(21, 1, a, b);
        assertEquals(18.95, d.hd95(), EPS);
        assertEquals(210.0 / 22.0, d.meanSurfaceDistance(), EPS);
        assertEquals(20.0, d.hausdorff(), EPS);
    }

    @Test
    void emptyCases() {
        byte[] empty = new byte[16];
        byte[] some = rect(4, 4, 1, 1, 2, 2);
        SurfaceDistance both = SurfaceDistance.compute(4, 4, empty, empty.clone());
        assertTrue(Double.isNaN(both.hd95()));
        assertTrue(Double.isNaN(both.meanSurfaceDistance()));
        assertTrue(Double.isNaN(both.hausdorff()));
        SurfaceDistance noPrediction = SurfaceDistance.compute(4, 4, empty, some);
        assertEquals(Double.POSITIVE_INFINITY, noPrediction.hd95());
        assertEquals(Double.POSITIVE_INFINITY, noPrediction.meanSurfaceDistance());
        assertEquals(Double.POSITIVE_INFINITY, noPrediction.hausdorff());
        SurfaceDistance noTruth = SurfaceDistance.compute(4, 4, some, empty);
        assertEquals(Double.POSITIVE_INFINITY, noTruth.hd95());
        assertEquals(Double.POSITIVE_INFINITY, noTruth.meanSurfaceDistance());
    }

    @Test
    void fullMasksHaveTheirBoundaryOnTheFrame() {
        byte[] full = rect(6, 4, 0, 0, 5, 3);
        SurfaceDistance same = SurfaceDistance.compute(6, 4, full, full.clone());
        assertEquals(0.0, same.hd95(), EPS);
        // 6x4 full: 24 - 4x2 interior = 16 frame pixels
        assertEquals(16, same.predictionBoundaryPixels());
        // left part (x 0..2) vs full. Left's ring: 10 px; 8 lie on the frame (0), (2,1) and (2,2) are
        // 1 from the frame. Full's frame: 16 px; 8 lie on left's ring (0), then (3,0),(3,3) -> 1,
        // (4,0),(4,3) -> 2, (5,0),(5,3),(5,1),(5,2) -> 3. Pooled 26: 16x0, 4x1, 2x2, 4x3.
        byte[] left = rect(6, 4, 0, 0, 2, 3);
        SurfaceDistance half = SurfaceDistance.compute(6, 4, left, full);
        assertEquals(10, half.predictionBoundaryPixels());
        assertEquals(20.0 / 26.0, half.meanSurfaceDistance(), EPS);
        assertEquals(3.0, half.hd95(), EPS); // rank 0.95 * 25 = 23.75 falls among the 3s
        assertEquals(3.0, half.hausdorff(), EPS);
    }

    @Test
    void matchesBruteForceOnRandomMasks() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 60; trial++) {
            int w = 1 + rnd.nextInt(40);
            int h = 1 + rnd.nextInt(40);
            byte[] a = blobs(w, h, rnd);
            byte[] b = blobs(w, h, rnd);
            SurfaceDistance fast = SurfaceDistance.compute(w, h, a, b);
            SurfaceDistance slow = bruteForce(w, h, a, b);
            String what = "trial " + trial + " " + w + "x" + h;
            assertEquals(slow.predictionBoundaryPixels(), fast.predictionBoundaryPixels(), what);
            assertEquals(slow.groundTruthBoundaryPixels(), fast.groundTruthBoundaryPixels(), what);
            assertEquals(slow.hd95(), fast.hd95(), 1e-9, what);
            assertEquals(slow.meanSurfaceDistance(), fast.meanSurfaceDistance(), 1e-9, what);
            assertEquals(slow.hausdorff(), fast.hausdorff(), 1e-9, what);
        }
    }

    @Test
    void largeMasksAreFast() {
        int w = 4000;
        int h = 3000;
        byte[] a = disc(w, h, 2000, 1500, 1200);
        byte[] b = disc(w, h, 2050, 1480, 1150);
        SurfaceDistance d = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> SurfaceDistance.compute(w, h, a, b));
        // discs: the boundary gap ranges between |r1 - r2| -/+ centre offset, so HD95 must lie inside
        double offset = Math.hypot(50, 20);
        assertTrue(d.hausdorff() <= 50 + offset + 2, "hausdorff " + d.hausdorff());
        assertTrue(d.hd95() > 10 && d.hd95() <= d.hausdorff(), "hd95 " + d.hd95());
    }

    @Test
    void rejectsWrongSizes() {
        assertThrows(IllegalArgumentException.class, () -> SurfaceDistance.compute(3, 3, new byte[9], new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> SurfaceDistance.compute(0, 3, new byte[0], new byte[0]));
    }

    private static byte[] disc(int w, int h, int cx, int cy, int r) {
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                long dx = x - cx;
                long dy = y - cy;
                if (dx * dx + dy * dy <= (long) r * r) {
                    m[y * w + x] = 1;
                }
            }
        }
        return m;
    }

    private static byte[] blobs(int w, int h, Random rnd) {
        byte[] m = new byte[w * h];
        int kind = rnd.nextInt(5);
        if (kind == 0) {
            return m; // empty now and then
        }
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            int x0 = rnd.nextInt(w);
            int y0 = rnd.nextInt(h);
            int x1 = Math.min(w - 1, x0 + rnd.nextInt(Math.max(1, w / 2)));
            int y1 = Math.min(h - 1, y0 + rnd.nextInt(Math.max(1, h / 2)));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    m[y * w + x] = 1;
                }
            }
        }
        if (kind == 1) { // speckle noise too
            for (int i = 0; i < w * h / 10; i++) {
                m[rnd.nextInt(w * h)] ^= 1;
            }
        }
        return m;
    }

    /** Straight from the definition, O(|A| * |B|). */
    static SurfaceDistance bruteForce(int w, int h, byte[] a, byte[] b) {
        List<int[]> ba = boundary(w, h, a);
        List<int[]> bb = boundary(w, h, b);
        if (ba.isEmpty() && bb.isEmpty()) {
            return new SurfaceDistance(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        }
        if (ba.isEmpty() || bb.isEmpty()) {
            double inf = Double.POSITIVE_INFINITY;
            return new SurfaceDistance(inf, inf, inf, ba.size(), bb.size());
        }
        double[] all = new double[ba.size() + bb.size()];
        int k = 0;
        for (int[] p : ba) {
            all[k++] = nearest(p, bb);
        }
        for (int[] p : bb) {
            all[k++] = nearest(p, ba);
        }
        double sum = Arrays.stream(all).sum();
        Arrays.sort(all);
        double rank = 0.95 * (all.length - 1);
        int lo = (int) Math.floor(rank);
        double hd95 = all[lo] + (all[Math.min(lo + 1, all.length - 1)] - all[lo]) * (rank - lo);
        return new SurfaceDistance(hd95, sum / all.length, all[all.length - 1], ba.size(), bb.size());
    }

    private static double nearest(int[] p, List<int[]> set) {
        double best = Double.POSITIVE_INFINITY;
        for (int[] q : set) {
            best = Math.min(best, Math.hypot(p[0] - q[0], p[1] - q[1]));
        }
        return best;
    }

    private static List<int[]> boundary(int w, int h, byte[] m) {
        List<int[]> out = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m[y * w + x] == 0) {
                    continue;
                }
                if (!in(w, h, m, x - 1, y) || !in(w, h, m, x + 1, y) || !in(w, h, m, x, y - 1) || !in(w, h, m, x, y + 1)) {
                    out.add(new int[] {x, y});
                }
            }
        }
        return out;
    }

    private static boolean in(int w, int h, byte[] m, int x, int y) {
        return x >= 0 && y >= 0 && x < w && y < h && m[y * w + x] != 0;
    }
}
