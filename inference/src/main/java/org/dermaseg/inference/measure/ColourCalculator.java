package org.dermaseg.inference.measure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The dermoscopic colours present: each lesion pixel of the analysis grid (white-balanced against the skin,
 * {@link SkinReference}) goes to the nearest colour prototype ({@link DermoscopicColour}, Kasmi &amp; Mokrani
 * 2016) in CIELAB (Delta E*ab). The reference skin is a seventh prototype: pixels nearest to it look like the
 * skin around the lesion (its pale rim, inside most outlines) and are no dermoscopic colour; they stay in the
 * area the fractions are taken of. A colour is present when its pixels make up at least {@link #MIN_FRACTION}
 * of the lesion (Kasmi &amp; Mokrani's rule).
 */
public final class ColourCalculator {
    /** Minimum share of the lesion's area for a colour to count as present (Kasmi &amp; Mokrani 2016: 5 %). */
    public static final double MIN_FRACTION = 0.05;

    private ColourCalculator() {
    }

    static LesionMeasurements.Colours measure(AnalysisGrid g) {
        DermoscopicColour[] all = DermoscopicColour.values();
        double[][] protos = new double[all.length][];
        for (int k = 0; k < all.length; k++) {
            protos[k] = all[k].lab();
        }
        double[] skin = SkinReference.referenceLab();
        byte[] labels = new byte[g.width * g.height];
        long[] counts = new long[all.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ColourRegions.NONE;
            if (g.mask[i] == 0) {
                continue;
            }
            int best = -1;
            double bestD = Cielab.deltaE(g.lab, 3 * i, skin, 0);
            for (int k = 0; k < all.length; k++) {
                double d = Cielab.deltaE(g.lab, 3 * i, protos[k], 0);
                if (d < bestD) {
                    best = k;
                    bestD = d;
                }
            }
            if (best >= 0) {
                labels[i] = (byte) best;
                counts[best]++;
            }
        }
        Map<DermoscopicColour, Double> fractions = new EnumMap<>(DermoscopicColour.class);
        List<DermoscopicColour> present = new ArrayList<>();
        for (int k = 0; k < all.length; k++) {
            double f = g.area == 0 ? 0 : counts[k] / (double) g.area;
            fractions.put(all[k], f);
            if (f >= MIN_FRACTION) {
                present.add(all[k]);
            }
        }
        return new LesionMeasurements.Colours(present, fractions,
                new ColourRegions(g.width, g.height, labels, g.originX, g.originY, g.scale));
    }
}
