package org.dermaseg.inference.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

/**
 * Size of the lesion on the full-resolution mask (pixel (x, y) is the square [x, x+1) x [y, y+1)):
 * <ul>
 * <li>area: lesion pixels;</li>
 * <li>perimeter: outer boundaries (holes not counted), 8-connected chain code with the corrected length
 * estimator of Vossepoel &amp; Smeulders ("Vector code probability and metrication error in the representation
 * of straight lines of finite length", Computer Graphics and Image Processing 20, 1982):
 * 0.980 n<sub>even</sub> + 1.406 n<sub>odd</sub> - 0.091 n<sub>corner</sub>; a one-pixel region counts 4;</li>
 * <li>Feret diameters: the largest and smallest caliper widths of the convex hull of the lesion pixels'
 * corners (rotating calipers; the smallest is attained with a caliper along a hull edge);</li>
 * <li>equivalent diameter: the diameter of the disc of the same area, sqrt(4 A / pi).</li>
 * </ul>
 */
public final class SizeCalculator {
    private SizeCalculator() {
    }

    public static LesionMeasurements.Size measure(BinaryMask mask, Double pixelSizeMm) {
        if (pixelSizeMm != null && !(pixelSizeMm > 0 && Double.isFinite(pixelSizeMm))) {
            throw new IllegalArgumentException("pixel size must be positive, got " + pixelSizeMm);
        }
        long area = mask.area();
        if (area == 0) {
            return new LesionMeasurements.Size(0, 0, 0, 0, 0, pixelSizeMm);
        }
        List<Point[]> outlines = new ArrayList<>();
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(mask.height(), mask.width(), CvType.CV_8UC1));
            Mat hierarchy = mats.add(new Mat());
            List<MatOfPoint> contours = new ArrayList<>();
            m.put(0, 0, mask.data());
            Imgproc.findContours(m, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_NONE);
            for (MatOfPoint c : mats.addAll(contours)) {
                outlines.add(c.toArray());
            }
        }
        double perimeter = 0;
        int points = 0;
        for (Point[] pts : outlines) {
            perimeter += chainLength(pts);
            points += pts.length;
        }
        // the 4 corners of every outline pixel, as sort keys (x high, y low; both >= 0)
        long[] corners = new long[Math.multiplyExact(4, points)];
        int k = 0;
        for (Point[] pts : outlines) {
            for (Point p : pts) {
                long x = (long) p.x;
                long y = (long) p.y;
                corners[k++] = x << 32 | y;
                corners[k++] = (x + 1) << 32 | y;
                corners[k++] = x << 32 | (y + 1);
                corners[k++] = (x + 1) << 32 | (y + 1);
            }
        }
        double[][] hull = convexHullOfSorted(sortedDistinct(corners));
        double[] feret = feret(hull);
        double eq = Math.sqrt(4 * area / Math.PI);
        return new LesionMeasurements.Size(area, perimeter, feret[0], feret[1], eq, pixelSizeMm);
    }

    /** Vossepoel-Smeulders length of a closed 8-connected chain of pixel positions. */
    static double chainLength(Point[] pts) {
        if (pts.length < 2) {
            return 4;
        }
        int even = 0;
        int odd = 0;
        int corners = 0;
        int previous = -1;
        int first = -1;
        for (int i = 0; i < pts.length; i++) {
            Point a = pts[i];
            Point b = pts[(i + 1) % pts.length];
            int dx = (int) Math.round(b.x - a.x);
            int dy = (int) Math.round(b.y - a.y);
            int code = (dx + 1) * 3 + (dy + 1);
            if (Math.abs(dx) + Math.abs(dy) == 1) {
                even++;
            } else {
                odd++;
            }
            if (previous >= 0 && code != previous) {
                corners++;
            }
            if (first < 0) {
                first = code;
            }
            previous = code;
        }
        if (previous != first) {
            corners++;
        }
        return 0.980 * even + 1.406 * odd - 0.091 * corners;
    }

    /**
     * The distinct points of {@code keys} (x in the high 32 bits, y in the low) in (x, y) order. A primitive sort
     * because the comparator over double[] used before shared its type profile with every other TimSort caller, and
     * C2 recompiled TimSort's merges about 22 times in a 300-image batch (docs/performance.md, 2026-12-03).
     * Duplicates go because Andrew's chain below, which pops on {@code cross <= 0}, drops them anyway.
     */
    static double[][] sortedDistinct(long[] keys) {
        long[] k = keys.clone();
        Arrays.sort(k);
        int n = 0;
        for (int i = 0; i < k.length; i++) {
            if (n == 0 || k[i] != k[n - 1]) {
                k[n++] = k[i];
            }
        }
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new double[] {k[i] >>> 32, (int) k[i]};
        }
        return p;
    }

    /** Andrew's monotone chain over points sorted by (x, y); counter-clockwise, no repeated first point. */
    static double[][] convexHullOfSorted(double[][] p) {
        int n = p.length;
        if (n < 3) {
            return p;
        }
        double[][] h = new double[2 * n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        for (int i = n - 2, t = k + 1; i >= 0; i--) {
            while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        return Arrays.copyOf(h, k - 1);
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }

    /**
     * {max, min} caliper width of a convex polygon. Math.hypot is slow, and the pairs were n^2 / 2 of them: the
     * farthest pairs are found by squared distance first, and hypot is taken of those alone (any pair within a few
     * ulps of the largest squared distance, so the maximum is the same double as the largest hypot of all pairs).
     * The smallest width divides the largest |cross| by the edge length once, rather than every |cross|: division
     * by the same positive number keeps the order, so the result is the same double.
     */
    static double[] feret(double[][] hull) {
        int n = hull.length;
        double maxSq = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = hull[i][0] - hull[j][0];
                double dy = hull[i][1] - hull[j][1];
                maxSq = Math.max(maxSq, dx * dx + dy * dy);
            }
        }
        double near = maxSq * (1 - 1e-12);
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = hull[i][0] - hull[j][0];
                double dy = hull[i][1] - hull[j][1];
                if (dx * dx + dy * dy >= near) {
                    max = Math.max(max, Math.hypot(dx, dy));
                }
            }
        }
        double min = n < 3 ? 0 : Double.POSITIVE_INFINITY;
        for (int i = 0; i < n && n >= 3; i++) {
            double[] a = hull[i];
            double[] b = hull[(i + 1) % n];
            double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
            if (len == 0) {
                continue;
            }
            double cross = 0;
            for (double[] q : hull) {
                cross = Math.max(cross, Math.abs(cross(a, b, q)));
            }
            min = Math.min(min, cross / len);
        }
        return new double[] {max, min};
    }
}
