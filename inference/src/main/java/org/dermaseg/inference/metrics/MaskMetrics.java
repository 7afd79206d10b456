package org.dermaseg.inference.metrics;

/**
 * Overlap metrics derived from one {@link Confusion} matrix.
 *
 * <p>Conventions for empty cases (chosen so that a correct "no lesion" answer scores as correct
 * and an undefined ratio is never silently reported as 0 or 1):
 * <ul>
 *   <li>{@code dice = 2TP / (2TP + FP + FN)}, {@code iou = TP / (TP + FP + FN)}: when prediction
 *       and ground truth are both empty (denominator 0) both are <b>1</b> — the prediction is exactly
 *       right. One empty and the other not gives 0 by the formula.</li>
 *   <li>{@code sensitivity = TP / (TP + FN)}: <b>NaN</b> when the ground truth has no lesion pixel.
 *       Returning 1 there would reward any prediction, including a full false-positive one.</li>
 *   <li>{@code specificity = TN / (TN + FP)}: <b>NaN</b> when the ground truth is all lesion.</li>
 *   <li>{@code accuracy = (TP + TN) / total}: NaN only for a zero-pixel matrix.</li>
 * </ul>
 * Means over images skip NaN values (see {@link MetricsPool}).
 */
public record MaskMetrics(double dice, double iou, double sensitivity, double specificity, double accuracy) {

    public static MaskMetrics of(Confusion c) {
        return new MaskMetrics(dice(c), iou(c), sensitivity(c), specificity(c), accuracy(c));
    }

    public static double dice(Confusion c) {
        long denominator = 2 * c.tp() + c.fp() + c.fn();
        return denominator == 0 ? 1.0 : 2.0 * c.tp() / denominator;
    }

    /** Also the paper's "mIoU" when applied to the pooled matrix: TP / (TP + FP + FN). */
    public static double iou(Confusion c) {
        long denominator = c.tp() + c.fp() + c.fn();
        return denominator == 0 ? 1.0 : (double) c.tp() / denominator;
    }

    public static double sensitivity(Confusion c) {
        return ratio(c.tp(), c.tp() + c.fn());
    }

    public static double specificity(Confusion c) {
        return ratio(c.tn(), c.tn() + c.fp());
    }

    public static double accuracy(Confusion c) {
        return ratio(c.tp() + c.tn(), c.total());
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
