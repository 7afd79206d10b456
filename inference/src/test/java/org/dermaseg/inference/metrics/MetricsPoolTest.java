package org.dermaseg.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MetricsPoolTest {
    private static final double EPS = 1e-12;
    private static final int S = MetricsPool.PAPER_SIZE;

    private static byte[] square(int w, int h, int x0, int y0, int side) {
        byte[] m = new byte[w * h];
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                m[y * w + x] = 1;
            }
        }
        return m;
    }

    @Test
    void pooledDiceDiffersFromMeanDice() {
        MetricsPool pool = new MetricsPool();
        byte[] big = square(S, S, 10, 10, 100);      // 10,000 px, predicted exactly
        pool.add("a", S, S, big, big.clone(), null);
        byte[] small = square(S, S, 50, 50, 10);     // 100 px, missed entirely
        pool.add("b", S, S, new byte[S * S], small, null);

        PoolSummary s = pool.summary();
        assertEquals(2, s.images());
        // native: per-image Dice 1 and 0 -> mean 0.5
        assertEquals(0.5, s.nativeDice().value(), EPS);
        assertEquals(2, s.nativeDice().count());
        // paper: at 256x256 the resize is the identity, so TP 10,000, FN 100, FP 0
        assertEquals(new Confusion(10_000, 0, 100, 2L * S * S - 10_100), s.paperPooled());
        assertEquals(20_000.0 / 20_100.0, s.paper().dice(), EPS);
        assertEquals(10_000.0 / 10_100.0, s.paper().iou(), EPS);
        assertEquals(10_000.0 / 10_100.0, s.paper().sensitivity(), EPS);
        assertEquals(1.0, s.paper().specificity(), EPS);
        // HD95 is infinite for the missed image: the mean covers one image and says it skipped one
        assertEquals(0.0, s.hd95().value(), EPS);
        assertEquals(1, s.hd95().count());
        assertEquals(1, s.hd95().skipped());
    }

    @Test
    void paperProtocolUsesTheProbabilityMapAtThresholdHalf() {
        int w = 512;
        int h = 512;
        byte[] gt = square(w, h, 0, 0, 256);        // top-left quarter -> 128x128 at 256
        float[] prob = new float[S * S];
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                prob[y * S + x] = 0.5f;                // exactly at threshold counts as lesion
            }
        }
        prob[200 * S + 200] = 0.49f;                   // below threshold: background
        byte[] nativePrediction = new byte[w * h];     // deliberately empty: must not be used for paper
        ImageEvaluation e = MetricsPool.evaluate("x", w, h, nativePrediction, gt, prob);
        assertEquals(new Confusion(128 * 128, 0, 0, S * S - 128 * 128), e.paperConfusion());
        assertEquals(1.0, e.paperMetrics().dice(), EPS);
        assertEquals(0.0, e.nativeMetrics().dice(), EPS);
        assertEquals(0.0, e.metrics(Protocol.NATIVE).dice(), EPS);
        assertEquals(1.0, e.metrics(Protocol.PAPER).dice(), EPS);
    }

    @Test
    void paperProtocolWithoutProbabilityResizesThePredictionLikeTheGroundTruth() {
        int w = 512;
        int h = 512;
        byte[] gt = square(w, h, 0, 0, 256);
        byte[] pred = square(w, h, 0, 0, 128);         // quarter of the GT's area -> 64x64 at 256
        ImageEvaluation e = MetricsPool.evaluate("x", w, h, pred, gt, null);
        assertEquals(64 * 64, e.paperConfusion().tp());
        assertEquals(128 * 128 - 64 * 64, e.paperConfusion().fn());
        assertEquals(0, e.paperConfusion().fp());
        assertEquals(128 * 128, e.nativeConfusion().tp());
    }

    @Test
    void identicalMasksScoreOneUnderBothProtocolsAtAwkwardSizes() {
        // 765x572 -> 256x256 is not an integer factor; a mask equal to its ground truth must still
        // give Dice 1 at 256 (it would not if prediction and truth were resized differently)
        int w = 765;
        int h = 572;
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                long dx = x - 380;
                long dy = y - 290;
                m[y * w + x] = dx * dx * 3 + dy * dy * 5 < 200L * 200 * 4 ? (byte) 1 : 0; // an ellipse
            }
        }
        ImageEvaluation e = MetricsPool.evaluate("x", w, h, m, m.clone(), null);
        assertEquals(1.0, e.paperMetrics().dice(), 0.0);
        assertEquals(1.0, e.nativeMetrics().dice(), 0.0);
        assertTrue(e.paperConfusion().tp() > 1000);
    }

    @Test
    void emptyPoolReportsUndefinedNotPerfect() {
        PoolSummary s = new MetricsPool().summary();
        assertEquals(0, s.images());
        assertTrue(Double.isNaN(s.paper().dice()));
        assertTrue(Double.isNaN(s.nativeDice().value()));
    }

    @Test
    void sensitivityMeanSkipsImagesWithoutLesion() {
        MetricsPool pool = new MetricsPool();
        byte[] lesion = square(S, S, 0, 0, 10);
        byte[] half = square(S, S, 0, 0, 5);
        pool.add("hit", S, S, half, lesion, null);                     // sensitivity 25/100
        pool.add("none", S, S, new byte[S * S], new byte[S * S], null); // undefined
        Mean se = pool.summary().nativeSensitivity();
        assertEquals(0.25, se.value(), EPS);
        assertEquals(1, se.count());
        assertEquals(1, se.skipped());
        // both-empty image counts as a perfect Dice
        assertEquals((2.0 * 25 / 125 + 1.0) / 2, pool.summary().nativeDice().value(), EPS);
    }

    @Test
    void concurrentAddsLoseNothing() throws Exception {
        MetricsPool pool = new MetricsPool();
        byte[] gt = square(64, 64, 0, 0, 32);
        byte[] pred = square(64, 64, 16, 16, 32);
        ImageEvaluation one = MetricsPool.evaluate("i", 64, 64, pred, gt, null);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                fs.add(ex.submit(() -> pool.add(one)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            ex.shutdown();
        }
        PoolSummary s = pool.summary();
        assertEquals(400, s.images());
        assertEquals(400 * one.paperConfusion().tp(), s.paperPooled().tp());
        assertEquals(one.nativeMetrics().dice(), s.nativeDice().value(), 1e-9);
    }

    @Test
    void protocolNames() {
        assertEquals(Protocol.PAPER, Protocol.parse("paper"));
        assertEquals(Protocol.NATIVE, Protocol.parse(" Native "));
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("pooled"));
    }

    @Test
    void rejectsMismatchedMasks() {
        assertThrows(IllegalArgumentException.class,
                () -> MetricsPool.evaluate("x", 4, 4, new byte[16], new byte[15], null));
        assertThrows(IllegalArgumentException.class,
                () -> MetricsPool.evaluate("x", 4, 4, new byte[16], new byte[16], new float[10]));
    }
}
