package org.dermaseg.inference.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Boundary distances between a predicted mask and its ground truth, in pixels.
 *
 * <p>Definitions (the medpy conventions, which most skin-lesion papers quote):
 * <ul>
 *   <li>Boundary of a mask: its foreground pixels that have at least one 4-neighbour outside the
 *       mask. Pixels beyond the image edge count as outside, so a mask touching the frame has a
 *       boundary along the frame (as scipy's erosion with {@code border_value=0}).</li>
 *   <li>Directed distances: for each boundary pixel of one mask, the Euclidean distance to the
 *       nearest boundary pixel of the other mask.</li>
 *   <li>{@link #hd95()}: the 95th percentile (linear interpolation between order statistics, as
 *       numpy's default) of both directed distance sets pooled together (medpy {@code hd95}; MONAI's
 *       default instead takes the larger of the two directed percentiles).</li>
 *   <li>{@link #meanSurfaceDistance()}: average symmetric surface distance = sum of both directed
 *       distance sets divided by the number of boundary pixels of both masks (Heimann et al. 2009).</li>
 *   <li>{@link #hausdorff()}: the maximum of both directed sets (plain Hausdorff distance).</li>
 * </ul>
 * Empty cases: both masks empty -&gt; all three are {@code NaN} (there is no surface to measure;
 * overlap metrics already score that case as correct). Exactly one mask empty -&gt; all three are
 * {@code +Infinity} (a surface with nothing to be near). Means over images must skip non-finite
 * values and say how many they skipped.
 *
 * <p>Distances come from an exact Euclidean distance transform (Felzenszwalb &amp; Huttenlocher,
 * "Distance Transforms of Sampled Functions", 2012), linear in the pixel count, computed only over
 * the bounding box of both masks: every boundary pixel lies inside it, so cropping changes no
 * distance but makes a small lesion in a 20 MP image cheap.
 */
public record SurfaceDistance(double hd95, double meanSurfaceDistance, double hausdorff,
                              int predictionBoundaryPixels, int groundTruthBoundaryPixels) {

    private static final int NONE = Integer.MAX_VALUE;

    /** Compares two row-major masks of {@code width x height}; any non-zero byte is foreground. */
    public static SurfaceDistance compute(int width, int height, byte[] prediction, byte[] groundTruth) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(groundTruth, "groundTruth");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad mask size " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (prediction.length != pixels || groundTruth.length != pixels) {
            throw new IllegalArgumentException("mask sizes differ: expected " + pixels + " pixels, prediction has "
                    + prediction.length + ", ground truth " + groundTruth.length);
        }
        int[] box = unionBoundingBox(width, height, prediction, groundTruth);
        if (box == null) {
            return new SurfaceDistance(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        }
        int x0 = box[0];
        int y0 = box[1];
        int cw = box[2] - x0 + 1;
        int ch = box[3] - y0 + 1;
        boolean[] predBoundary = boundary(width, prediction, x0, y0, cw, ch);
        boolean[] gtBoundary = boundary(width, groundTruth, x0, y0, cw, ch);
        int np = count(predBoundary);
        int ng = count(gtBoundary);
        if (np == 0 || ng == 0) {
            double inf = Double.POSITIVE_INFINITY;
            return new SurfaceDistance(inf, inf, inf, np, ng);
        }
        double[] all = new double[np + ng];
        nearestDistances(cw, ch, gtBoundary, predBoundary, all, 0);
        nearestDistances(cw, ch, predBoundary, gtBoundary, all, np);
        double sum = 0;
        for (double d : all) {
            sum += d;
        }
        Arrays.sort(all);
        return new SurfaceDistance(percentile(all, 95.0), sum / all.length, all[all.length - 1], np, ng);
    }

    /** numpy's default ("linear") percentile of a sorted, non-empty array. */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /** {minX, minY, maxX, maxY} over the foreground of both masks, or null when both are empty. */
    private static int[] unionBoundingBox(int width, int height, byte[] a, byte[] b) {
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (a[row + x] != 0 || b[row + x] != 0) {
                    if (x < minX) {
                        minX = x;
                    }
                    if (x > maxX) {
                        maxX = x;
                    }
                    if (y < minY) {
                        minY = y;
                    }
                    maxY = y;
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX, maxY};
    }

    /**
     * Boundary of a mask inside the crop. Neighbours outside the crop are background: the crop
     * holds all foreground of both masks, and the image edge counts as outside anyway.
     */
    private static boolean[] boundary(int width, byte[] mask, int x0, int y0, int cw, int ch) {
        boolean[] out = new boolean[cw * ch];
        for (int y = 0; y < ch; y++) {
            int src = (y + y0) * width + x0;
            for (int x = 0; x < cw; x++) {
                if (mask[src + x] == 0) {
                    continue;
                }
                boolean edge = x == 0 || y == 0 || x == cw - 1 || y == ch - 1
                        || mask[src + x - 1] == 0 || mask[src + x + 1] == 0
                        || mask[src + x - width] == 0 || mask[src + x + width] == 0;
                out[y * cw + x] = edge;
            }
        }
        return out;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean v : b) {
            if (v) {
                n++;
            }
        }
        return n;
    }

    /**
     * Writes, for each query pixel in row-major order, the Euclidean distance to the nearest feature
     * pixel into {@code out} starting at {@code offset}. Features must be non-empty.
     */
    static void nearestDistances(int w, int h, boolean[] features, boolean[] queries, double[] out, int offset) {
        // pass 1: per column, distance to the nearest feature in that column (NONE if the column has none)
        int[] g = new int[w * h];
        for (int x = 0; x < w; x++) {
            int last = NONE;
            for (int y = 0; y < h; y++) {
                int i = y * w + x;
                if (features[i]) {
                    last = y;
                }
                g[i] = last == NONE ? NONE : y - last;
            }
            last = NONE;
            for (int y = h - 1; y >= 0; y--) {
                int i = y * w + x;
                if (features[i]) {
                    last = y;
                }
                if (last != NONE && last - y < g[i]) {
                    g[i] = last - y;
                }
            }
        }
        // pass 2: per row, lower envelope of parabolas (x - q)^2 + g(q)^2, evaluated at query pixels only
        long[] f = new long[w];
        int[] v = new int[w];
        double[] z = new double[w + 1];
        int k = offset;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            boolean anyQuery = false;
            for (int x = 0; x < w && !anyQuery; x++) {
                anyQuery = queries[row + x];
            }
            if (!anyQuery) {
                continue;
            }
            int parabolas = -1;
            for (int q = 0; q < w; q++) {
                int gq = g[row + q];
                if (gq == NONE) {
                    continue;
                }
                f[q] = (long) gq * gq;
                if (parabolas < 0) {
                    parabolas = 0;
                    v[0] = q;
                    z[0] = Double.NEGATIVE_INFINITY;
                    z[1] = Double.POSITIVE_INFINITY;
                    continue;
                }
                double s = intersection(f, v[parabolas], q);
                while (s <= z[parabolas]) {
                    parabolas--;
                    s = intersection(f, v[parabolas], q);
                }
                parabolas++;
                v[parabolas] = q;
                z[parabolas] = s;
                z[parabolas + 1] = Double.POSITIVE_INFINITY;
            }
            // parabolas >= 0: every column with a feature gives a finite g in every row
            int j = 0;
            for (int x = 0; x < w; x++) {
                if (!queries[row + x]) {
                    continue;
                }
                while (z[j + 1] < x) {
                    j++;
                }
                long dx = x - v[j];
                out[k++] = Math.sqrt(dx * dx + f[v[j]]);
            }
        }
    }

    /** Abscissa where the parabolas rooted at p and q (p &lt; q) intersect. */
    private static double intersection(long[] f, int p, int q) {
        return ((f[q] + (long) q * q) - (f[p] + (long) p * p)) / (2.0 * (q - p));
    }
}
