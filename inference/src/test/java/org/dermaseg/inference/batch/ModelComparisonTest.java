package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.dermaseg.inference.metrics.MetricsPool;
import org.dermaseg.inference.metrics.Protocol;
import org.junit.jupiter.api.Test;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;
import org.dermaseg.inference.report.RunSettings;

/** Pooled and mean Dice/IoU per model over the common images, wins and ties, on masks with known overlaps. */
class ModelComparisonTest {
    private static final int W = 10;
    private static final int H = 10;

    /** A mask with the first {@code n} pixels set. */
    private static byte[] firstPixels(int n) {
        byte[] m = new byte[W * H];
        for (int i = 0; i < n; i++) {
            m[i] = 1;
        }
        return m;
    }

    private static ImageRecord scored(long pos, String path, int predicted, int truth) {
        return new ImageRecord(pos, path, ImageStatus.OK, null, W, H, new RunSettings("m", "1", "java", "cpu", false, false, 0.5, null), false, 1.0,
                1.0, (long) predicted,
                null, null, "gt/" + path, MetricsPool.evaluate(path, W, H, firstPixels(predicted), firstPixels(truth),
                null), null);
    }

    @Test
    void poolsAveragesAndCountsWinsOverTheImagesBothScored() {
        // ground truth: 20 pixels in every image
        List<ImageRecord> a = List.of(scored(0, "x.png", 20, 20), scored(1, "y.png", 10, 20),
                scored(2, "z.png", 20, 20), ImageRecord.failed(3, "w.png", "unreadable"));
        List<ImageRecord> b = List.of(scored(0, "x.png", 30, 20), scored(1, "y.png", 20, 20),
                scored(2, "z.png", 20, 20), scored(3, "w.png", 20, 20));
        ModelComparison.Result r = ModelComparison.compare(List.of(new ModelComparison.Run("a", "1", a),
                new ModelComparison.Run("b", "2", b)), Protocol.NATIVE);

        assertEquals(3, r.images());
        assertEquals(1, r.missing(), "w.png failed for model a: left out of both");
        assertEquals(1, r.ties(), "z.png: both perfect");
        ModelComparison.Score sa = r.models().get(0);
        ModelComparison.Score sb = r.models().get(1);
        // a: x Dice 1, y Dice 2*10/(10+20)=2/3, z 1 -> pooled tp 50, fp 0, fn 10 -> 100/110
        assertEquals((1 + 2.0 / 3 + 1) / 3, sa.meanDice(), 1e-12);
        assertEquals(100.0 / 110, sa.pooledDice(), 1e-12);
        assertEquals(50.0 / 60, sa.pooledIou(), 1e-12);
        // b: x Dice 2*20/(30+20)=0.8, y 1, z 1 -> pooled tp 60, fp 10, fn 0 -> 120/130
        assertEquals((0.8 + 1 + 1) / 3, sb.meanDice(), 1e-12);
        assertEquals(120.0 / 130, sb.pooledDice(), 1e-12);
        assertEquals((20.0 / 30 + 1 + 1) / 3, sb.meanIou(), 1e-12);
        assertEquals(1, sa.wins());
        assertEquals(1, sb.wins());
        assertEquals("a", r.perImage().get(0).winner());
        assertEquals("b", r.perImage().get(1).winner());
        assertNull(r.perImage().get(2).winner());
    }

    @Test
    void oneModelIsNoComparison() {
        assertThrows(IllegalArgumentException.class, () -> ModelComparison.compare(
                List.of(new ModelComparison.Run("a", "1", List.of())), Protocol.PAPER));
    }
}
