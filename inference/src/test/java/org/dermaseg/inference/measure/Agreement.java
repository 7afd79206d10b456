package org.dermaseg.inference.measure;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Agreement of measured asymmetry scores and colour sets with expert labels: exact agreement of the 0/1/2
 * scores, and per colour the balanced accuracy (sensitivity + specificity) / 2 of "present"; when the labels
 * hold only one class for a colour (e.g. no sample with white), the one defined rate stands for it.
 */
record Agreement(double asymmetryExact, Map<DermoscopicColour, Double> colourBalancedAccuracy, double macro) {

    record Pair(int expertAsymmetry, Set<DermoscopicColour> expertColours, int asymmetry,
                Set<DermoscopicColour> colours) {
    }

    static Agreement of(List<Pair> pairs) {
        int exact = 0;
        for (Pair p : pairs) {
            if (p.expertAsymmetry() == p.asymmetry()) {
                exact++;
            }
        }
        Map<DermoscopicColour, Double> ba = new EnumMap<>(DermoscopicColour.class);
        double sum = 0;
        for (DermoscopicColour c : DermoscopicColour.values()) {
            int tp = 0;
            int fn = 0;
            int tn = 0;
            int fp = 0;
            for (Pair p : pairs) {
                boolean truth = p.expertColours().contains(c);
                boolean said = p.colours().contains(c);
                if (truth && said) {
                    tp++;
                } else if (truth) {
                    fn++;
                } else if (said) {
                    fp++;
                } else {
                    tn++;
                }
            }
            double v;
            if (tp + fn == 0) {
                v = tn / (double) (tn + fp);
            } else if (tn + fp == 0) {
                v = tp / (double) (tp + fn);
            } else {
                v = (tp / (double) (tp + fn) + tn / (double) (tn + fp)) / 2;
            }
            ba.put(c, v);
            sum += v;
        }
        return new Agreement(exact / (double) pairs.size(), ba, sum / DermoscopicColour.values().length);
    }
}
