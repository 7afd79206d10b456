package org.dermaseg.inference.measure;

import java.util.ArrayList;
import java.util.List;

/**
 * Border irregularity: compactness P^2 / (4 pi A) (1 for a disc; e.g. Golston et al., "Automatic detection of
 * irregular borders in melanoma and other skin tumors", Computerized Medical Imaging and Graphics 16(3),
 * 1992), and the abruptness of the edge in 8 equal angular segments, the segments of the ABCD rule's border
 * score (Stolz et al. 1994: one point for each eighth of the border where the pigment pattern ends abruptly).
 * Abruptness of a segment: the mean magnitude of the L* gradient (Sobel) at the lesion's border pixels that
 * lie in it, on the analysis grid, in L* per grid pixel (1/256 of the lesion's size). No cut-off is applied:
 * PH2 has no border labels to check one against.
 */
public final class BorderCalculator {
    static final int SEGMENTS = 8;

    private BorderCalculator() {
    }

    static LesionMeasurements.Border measure(AnalysisGrid g, LesionMeasurements.Size size, double axisAngleDeg) {
        double compactness = size.areaPx() == 0 ? Double.NaN
                : size.perimeterPx() * size.perimeterPx() / (4 * Math.PI * size.areaPx());
        double cx = 0;
        double cy = 0;
        for (int y = 0; y < g.height; y++) {
            for (int x = 0; x < g.width; x++) {
                if (g.mask[y * g.width + x] != 0) {
                    cx += x + 0.5;
                    cy += y + 0.5;
                }
            }
        }
        cx /= g.area;
        cy /= g.area;
        double start = Math.toRadians(axisAngleDeg);
        double[] sum = new double[SEGMENTS];
        int[] count = new int[SEGMENTS];
        for (int y = 1; y < g.height - 1; y++) {
            for (int x = 1; x < g.width - 1; x++) {
                if (!g.inside(x, y) || (g.inside(x - 1, y) && g.inside(x + 1, y) && g.inside(x, y - 1)
                        && g.inside(x, y + 1))) {
                    continue;
                }
                double gx = l(g, x + 1, y - 1) + 2 * l(g, x + 1, y) + l(g, x + 1, y + 1)
                        - l(g, x - 1, y - 1) - 2 * l(g, x - 1, y) - l(g, x - 1, y + 1);
                double gy = l(g, x - 1, y + 1) + 2 * l(g, x, y + 1) + l(g, x + 1, y + 1)
                        - l(g, x - 1, y - 1) - 2 * l(g, x, y - 1) - l(g, x + 1, y - 1);
                double angle = Math.atan2(y + 0.5 - cy, x + 0.5 - cx) - start;
                angle = angle - 2 * Math.PI * Math.floor(angle / (2 * Math.PI));
                int s = Math.min(SEGMENTS - 1, (int) (angle / (2 * Math.PI) * SEGMENTS));
                sum[s] += Math.hypot(gx, gy) / 8;
                count[s]++;
            }
        }
        List<Double> abrupt = new ArrayList<>(SEGMENTS);
        for (int s = 0; s < SEGMENTS; s++) {
            abrupt.add(count[s] == 0 ? Double.NaN : sum[s] / count[s]);
        }
        return new LesionMeasurements.Border(compactness, abrupt);
    }

    private static double l(AnalysisGrid g, int x, int y) {
        return g.lab[3 * (y * g.width + x)];
    }
}
