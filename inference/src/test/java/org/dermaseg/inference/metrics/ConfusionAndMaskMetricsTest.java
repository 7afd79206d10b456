package org.dermaseg.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionAndMaskMetricsTest {
    private static final double EPS = 1e-12;

    private static byte[] m(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void countsEachCellOfTheMatrix() {
        // pixel:       0  1  2  3  4  5
        // prediction:  1  1  0  0  1  0
        // truth:       1  0  1  0  1  0   -> TP {0,4}, FP {1}, FN {2}, TN {3,5}
        Confusion c = Confusion.of(m(1, 1, 0, 0, 1, 0), m(1, 0, 1, 0, 1, 0));
        assertEquals(new Confusion(2, 1, 1, 2), c);
        assertEquals(6, c.total());
        MaskMetrics mm = MaskMetrics.of(c);
        assertEquals(4.0 / 6.0, mm.dice(), EPS);
        assertEquals(2.0 / 4.0, mm.iou(), EPS);
        assertEquals(2.0 / 3.0, mm.sensitivity(), EPS);
        assertEquals(2.0 / 3.0, mm.specificity(), EPS);
        assertEquals(4.0 / 6.0, mm.accuracy(), EPS);
    }

    @Test
    void treats255AsForegroundLikeOne() {
        assertEquals(Confusion.of(m(1, 0, 1), m(1, 1, 0)), Confusion.of(m(255, 0, 255), m(1, 255, 0)));
    }

    @Test
    void emptyPrediction() {
        MaskMetrics mm = MaskMetrics.of(Confusion.of(m(0, 0, 0, 0), m(1, 1, 0, 0)));
        assertEquals(0.0, mm.dice(), EPS);
        assertEquals(0.0, mm.iou(), EPS);
        assertEquals(0.0, mm.sensitivity(), EPS);
        assertEquals(1.0, mm.specificity(), EPS);
        assertEquals(0.5, mm.accuracy(), EPS);
    }

    @Test
    void emptyGroundTruthLeavesSensitivityUndefined() {
        MaskMetrics mm = MaskMetrics.of(Confusion.of(m(1, 0, 0, 0), m(0, 0, 0, 0)));
        assertEquals(0.0, mm.dice(), EPS);
        assertEquals(0.0, mm.iou(), EPS);
        assertTrue(Double.isNaN(mm.sensitivity()));
        assertEquals(0.75, mm.specificity(), EPS);
        assertEquals(0.75, mm.accuracy(), EPS);
    }

    @Test
    void bothEmptyIsAPerfectAnswer() {
        MaskMetrics mm = MaskMetrics.of(Confusion.of(m(0, 0, 0), m(0, 0, 0)));
        assertEquals(1.0, mm.dice(), EPS);
        assertEquals(1.0, mm.iou(), EPS);
        assertTrue(Double.isNaN(mm.sensitivity()));
        assertEquals(1.0, mm.specificity(), EPS);
        assertEquals(1.0, mm.accuracy(), EPS);
    }

    @Test
    void bothFullLeavesSpecificityUndefined() {
        MaskMetrics mm = MaskMetrics.of(Confusion.of(m(1, 1, 1, 1), m(1, 1, 1, 1)));
        assertEquals(1.0, mm.dice(), EPS);
        assertEquals(1.0, mm.iou(), EPS);
        assertEquals(1.0, mm.sensitivity(), EPS);
        assertTrue(Double.isNaN(mm.specificity()));
        assertEquals(1.0, mm.accuracy(), EPS);
    }

    @Test
    void fullPredictionOnHalfLesion() {
        MaskMetrics mm = MaskMetrics.of(Confusion.of(m(1, 1, 1, 1), m(1, 1, 0, 0)));
        assertEquals(4.0 / 6.0, mm.dice(), EPS);
        assertEquals(0.5, mm.iou(), EPS);
        assertEquals(1.0, mm.sensitivity(), EPS);
        assertEquals(0.0, mm.specificity(), EPS);
        assertEquals(0.5, mm.accuracy(), EPS);
    }

    @Test
    void addAndMergePoolCounts() {
        Confusion a = new Confusion().add(true, true).add(true, false).add(false, true).add(false, false)
                .add(false, false);
        assertEquals(new Confusion(1, 1, 1, 2), a);
        a.merge(new Confusion(10, 20, 30, 40));
        assertEquals(new Confusion(11, 21, 31, 42), a);
        // pooled Dice is not the mean of the two Dice values
        assertEquals(22.0 / (22 + 21 + 31), MaskMetrics.dice(a), EPS);
    }

    @Test
    void countsBeyondIntRange() {
        long big = 3_000_000_000L;
        Confusion c = new Confusion(big, 0, big, 0);
        assertEquals(2 * big, c.total());
        assertEquals(0.5, MaskMetrics.sensitivity(c), EPS);
        assertEquals(2.0 / 3.0, MaskMetrics.dice(c), EPS);
    }

    @Test
    void rejectsMismatchedSizesAndNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> Confusion.of(m(1, 0), m(1, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new Confusion(-1, 0, 0, 0));
    }
}
