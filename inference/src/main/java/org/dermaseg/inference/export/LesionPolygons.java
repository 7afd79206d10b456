package org.dermaseg.inference.export;

import java.util.ArrayList;
import java.util.List;

import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

/**
 * A mask's outlines as polygons with holes: OpenCV {@code findContours} with {@code RETR_CCOMP} (outer
 * boundaries and the holes directly inside them) and {@code CHAIN_APPROX_SIMPLE} (straight runs collapsed to
 * their end points). Vertices are the centres of the boundary pixels, {@code (x + 0.5, y + 0.5)} in image
 * coordinates where pixel (x, y) spans [x, x+1) — the convention of QuPath and GeoJSON image annotations.
 * Rings are closed (first vertex repeated last). A region of one or two pixels, which has no area as a
 * polygon of centres, becomes the square around its pixels.
 */
public final class LesionPolygons {
    /** A ring is a closed list of (x, y) vertices. */
    public record Polygon(List<double[]> exterior, List<List<double[]>> holes) {
        /** Area by the shoelace formula, holes subtracted (in square pixels). */
        public double area() {
            double a = Math.abs(signedArea(exterior));
            for (List<double[]> h : holes) {
                a -= Math.abs(signedArea(h));
            }
            return a;
        }
    }

    private LesionPolygons() {
    }

    public static List<Polygon> of(BinaryMask mask) {
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(mask.height(), mask.width(), CvType.CV_8UC1));
            Mat hierarchy = mats.add(new Mat());
            List<MatOfPoint> contours = new ArrayList<>();
            m.put(0, 0, mask.data());
            Imgproc.findContours(m, contours, hierarchy, Imgproc.RETR_CCOMP, Imgproc.CHAIN_APPROX_SIMPLE);
            mats.addAll(contours);
            List<Polygon> out = new ArrayList<>();
            if (contours.isEmpty()) {
                return out;
            }
            int[] h = new int[4 * contours.size()];
            hierarchy.get(0, 0, h); // per contour: next, previous, first child, parent
            for (int i = 0; i < contours.size(); i++) {
                if (h[4 * i + 3] >= 0) {
                    continue; // a hole, added with its parent
                }
                List<double[]> exterior = ring(contours.get(i).toArray());
                List<List<double[]>> holes = new ArrayList<>();
                for (int c = h[4 * i + 2]; c >= 0; c = h[4 * c]) {
                    Point[] pts = contours.get(c).toArray();
                    if (pts.length >= 3) {
                        holes.add(ring(pts)); // a hole of one or two pixels is too small to draw as a ring
                    }
                }
                out.add(new Polygon(exterior, holes));
            }
            return out;
        }
    }

    private static List<double[]> ring(Point[] pts) {
        List<double[]> ring = new ArrayList<>(pts.length + 1);
        if (pts.length < 3) {
            double minX = Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (Point p : pts) {
                minX = Math.min(minX, p.x);
                minY = Math.min(minY, p.y);
                maxX = Math.max(maxX, p.x);
                maxY = Math.max(maxY, p.y);
            }
            ring.add(new double[] {minX, minY});
            ring.add(new double[] {maxX + 1, minY});
            ring.add(new double[] {maxX + 1, maxY + 1});
            ring.add(new double[] {minX, maxY + 1});
        } else {
            for (Point p : pts) {
                ring.add(new double[] {p.x + 0.5, p.y + 0.5});
            }
        }
        ring.add(ring.get(0).clone());
        return ring;
    }

    static double signedArea(List<double[]> ring) {
        double s = 0;
        for (int i = 0; i + 1 < ring.size(); i++) {
            double[] a = ring.get(i);
            double[] b = ring.get(i + 1);
            s += a[0] * b[1] - b[0] * a[1];
        }
        return s / 2;
    }
}
