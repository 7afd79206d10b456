package org.dermaseg.inference.measure;

/**
 * Asymmetry on PH2's scale (0 symmetric about both principal axes, 1 about one, 2 about none), by folding
 * the lesion about its two principal axes through the centroid (the approach of Stoecker et al., "Automatic
 * detection of asymmetry in skin tumors", Computerized Medical Imaging and Graphics 16(3), 1992, and of the
 * ABCD rule of Stolz et al. 1994, which judges contour, colours and structures about two perpendicular axes).
 * About each axis two values decide:
 * <ul>
 * <li>shape: the fraction of the lesion not covered by its mirror image, 1 - |A &cap; R(A)| / |A|;</li>
 * <li>colour: the mean Delta E*ab between each lesion point and its mirror point (both in the lesion), on
 * colours smoothed with a Gaussian of {@link #COLOUR_SIGMA} grid pixels so that the pigment network's fine
 * texture does not count, only how colour is distributed.</li>
 * </ul>
 * An axis is asymmetric when either value exceeds its cut-off.
 */
public final class AsymmetryCalculator {
    /**
     * Shape cut-off, fixed a priori from a published rule for this very measure (not fitted to any labels): an
     * axis is shape-asymmetric when fewer than 90 % of the lesion's pixels overlap its mirror image about that
     * principal axis, i.e. when 1 - |A &cap; R(A)| / |A| exceeds 0.10 (C. Grana, G. Pellacani, S. Seidenari,
     * "Comparison between computer elaboration and clinical assessment of asymmetry and border cut-off in
     * melanoma images", University of Modena and Reggio Emilia; 114 melanomas, folding about the major and minor
     * axes, "a correspondence lower than 90 % was selected as the threshold for asymmetry").
     * History (docs/measurements.md): 0.15 until branch measfix, chosen on the 10 PH2 samples' expert scores;
     * then 0.0764, half the mean inter-dermatologist outline disagreement of Fortina et al. 2012, an analogy
     * replaced by this rule, which is stated for the same overlap measure.
     */
    public static final double SHAPE_CUTOFF = 0.10;
    /**
     * Colour cut-off, mean Delta E*ab between mirrored points, fixed a priori from the colour prototypes
     * ({@link DermoscopicColour}, Kasmi &amp; Mokrani 2016), not fitted to any labels: half the Delta E*ab
     * between the two closest prototypes (red and dark brown, 14.47, so 7.23). A colour moved that far from a
     * prototype reaches the boundary where the nearest-prototype rule names it the neighbouring colour, so
     * halves that differ by more on average differ by about a colour name. Until branch measfix it was 9.0,
     * chosen on the 10 PH2 samples' expert scores (docs/measurements.md).
     */
    public static final double COLOUR_CUTOFF = closestPrototypesDeltaE() / 2;
    /** Smoothing of the colours compared, in grid pixels (the grid's lesion side is 256). */
    static final double COLOUR_SIGMA = 8.0;

    private AsymmetryCalculator() {
    }

    /** The smallest Delta E*ab between two of the six dermoscopic colour prototypes. */
    static double closestPrototypesDeltaE() {
        DermoscopicColour[] all = DermoscopicColour.values();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < all.length; i++) {
            for (int j = i + 1; j < all.length; j++) {
                min = Math.min(min, Cielab.deltaE(all[i].lab(), 0, all[j].lab(), 0));
            }
        }
        return min;
    }

    static LesionMeasurements.Asymmetry measure(AnalysisGrid g) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < g.height; y++) {
            for (int x = 0; x < g.width; x++) {
                if (g.mask[y * g.width + x] != 0) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    n++;
                }
            }
        }
        double cx = sx / n;
        double cy = sy / n;
        double mu20 = 0;
        double mu02 = 0;
        double mu11 = 0;
        for (int y = 0; y < g.height; y++) {
            for (int x = 0; x < g.width; x++) {
                if (g.mask[y * g.width + x] != 0) {
                    double dx = x + 0.5 - cx;
                    double dy = y + 0.5 - cy;
                    mu20 += dx * dx;
                    mu02 += dy * dy;
                    mu11 += dx * dy;
                }
            }
        }
        double theta = 0.5 * Math.atan2(2 * mu11, mu20 - mu02);
        double[] smooth = g.smoothedLab(COLOUR_SIGMA);
        double[] major = fold(g, smooth, cx, cy, Math.cos(theta), Math.sin(theta));
        double[] minor = fold(g, smooth, cx, cy, -Math.sin(theta), Math.cos(theta));
        boolean majorAsym = major[0] > SHAPE_CUTOFF || major[1] > COLOUR_CUTOFF;
        boolean minorAsym = minor[0] > SHAPE_CUTOFF || minor[1] > COLOUR_CUTOFF;
        double deg = Math.toDegrees(theta);
        if (deg <= -90) {
            deg += 180;
        }
        return new LesionMeasurements.Asymmetry((majorAsym ? 1 : 0) + (minorAsym ? 1 : 0), deg,
                major[0], minor[0], major[1], minor[1], majorAsym, minorAsym);
    }

    /** {shape non-overlap, mean colour difference} for the fold about the line through (cx, cy) along (ux, uy). */
    private static double[] fold(AnalysisGrid g, double[] lab, double cx, double cy, double ux, double uy) {
        int area = 0;
        int overlap = 0;
        double colour = 0;
        for (int y = 0; y < g.height; y++) {
            for (int x = 0; x < g.width; x++) {
                int i = y * g.width + x;
                if (g.mask[i] == 0) {
                    continue;
                }
                area++;
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double along = dx * ux + dy * uy;
                double rx = cx + 2 * along * ux - dx;
                double ry = cy + 2 * along * uy - dy;
                int mx = (int) Math.floor(rx);
                int my = (int) Math.floor(ry);
                if (g.inside(mx, my)) {
                    overlap++;
                    colour += Cielab.deltaE(lab, 3 * i, lab, 3 * (my * g.width + mx));
                }
            }
        }
        return new double[] {1 - overlap / (double) area, overlap == 0 ? 0 : colour / overlap};
    }
}
