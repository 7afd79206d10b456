package org.dermaseg.inference.metrics;

import java.util.Objects;

/**
 * Scores images one at a time and pools them under both {@link Protocol}s at once.
 *
 * <p>Holds only running sums and one pooled confusion matrix, so memory stays constant however
 * many images are added. {@link #add} and {@link #summary} are thread-safe; {@link #evaluate} is a
 * pure function that workers may call in parallel before handing the result to {@link #add}.
 */
public final class MetricsPool {
    /** Side of the square the paper protocol scores at. */
    public static final int PAPER_SIZE = 256;
    /** Probability threshold of the paper protocol (fixed by the protocol, not by the CLI's --threshold). */
    public static final double PAPER_THRESHOLD = 0.5;
    /** Resized ground truth is re-binarised with {@code value > 0.5}, as the reference code does. */
    public static final double GT_RESIZE_CUT = 0.5;

    private final Confusion paperPooled = new Confusion();
    private final Mean.Accumulator dice = new Mean.Accumulator();
    private final Mean.Accumulator iou = new Mean.Accumulator();
    private final Mean.Accumulator sensitivity = new Mean.Accumulator();
    private final Mean.Accumulator specificity = new Mean.Accumulator();
    private final Mean.Accumulator accuracy = new Mean.Accumulator();
    private final Mean.Accumulator hd95 = new Mean.Accumulator();
    private final Mean.Accumulator msd = new Mean.Accumulator();
    private int images;

    /**
     * Computes every metric of one image.
     *
     * @param prediction   predicted mask at native resolution (row-major, non-zero = lesion)
     * @param groundTruth  ground truth at the same size
     * @param probability256 the model's 256x256 probability map (row-major), or null when only a mask
     *                     is known (e.g. {@code evaluate --pred}); then the paper protocol resizes the
     *                     predicted mask exactly as the ground truth (bilinear, {@code > 0.5}): the
     *                     same treatment for both, so identical masks score 1 (nearest-neighbour on
     *                     one side only would not)
     */
    public static ImageEvaluation evaluate(String id, int width, int height, byte[] prediction, byte[] groundTruth,
                                           float[] probability256) {
        Objects.requireNonNull(id, "id");
        Confusion nativeConfusion = Confusion.of(prediction, groundTruth);
        if (nativeConfusion.total() != (long) width * height) {
            throw new IllegalArgumentException(id + ": masks have " + nativeConfusion.total() + " pixels, expected "
                    + width + "x" + height);
        }
        SurfaceDistance surface = SurfaceDistance.compute(width, height, prediction, groundTruth);
        byte[] pred256 = probability256 != null
                ? threshold(probability256)
                : MaskResize.bilinearThenBinarise(prediction, width, height, PAPER_SIZE, PAPER_SIZE, GT_RESIZE_CUT);
        byte[] gt256 = MaskResize.bilinearThenBinarise(groundTruth, width, height, PAPER_SIZE, PAPER_SIZE,
                GT_RESIZE_CUT);
        Confusion paper = Confusion.of(pred256, gt256);
        return new ImageEvaluation(id, width, height, nativeConfusion, MaskMetrics.of(nativeConfusion), surface,
                paper, MaskMetrics.of(paper));
    }

    private static byte[] threshold(float[] probability256) {
        if (probability256.length != PAPER_SIZE * PAPER_SIZE) {
            throw new IllegalArgumentException("probability map has " + probability256.length
                    + " values, expected " + PAPER_SIZE + "x" + PAPER_SIZE);
        }
        byte[] out = new byte[probability256.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = probability256[i] >= PAPER_THRESHOLD ? (byte) 1 : 0;
        }
        return out;
    }

    /** Evaluates and pools one image. */
    public ImageEvaluation add(String id, int width, int height, byte[] prediction, byte[] groundTruth,
                               float[] probability256) {
        ImageEvaluation e = evaluate(id, width, height, prediction, groundTruth, probability256);
        add(e);
        return e;
    }

    /** Pools an image evaluated earlier (possibly on another thread). */
    public synchronized void add(ImageEvaluation e) {
        images++;
        paperPooled.merge(e.paperConfusion());
        MaskMetrics m = e.nativeMetrics();
        dice.add(m.dice());
        iou.add(m.iou());
        sensitivity.add(m.sensitivity());
        specificity.add(m.specificity());
        accuracy.add(m.accuracy());
        hd95.add(e.surface().hd95());
        msd.add(e.surface().meanSurfaceDistance());
    }

    public synchronized int images() {
        return images;
    }

    public synchronized PoolSummary summary() {
        Confusion pooled = paperPooled.copy();
        // no image: every pooled ratio is undefined (the empty-mask convention would say Dice 1)
        MaskMetrics paper = images == 0
                ? new MaskMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : MaskMetrics.of(pooled);
        return new PoolSummary(images, pooled, paper,
                dice.result(), iou.result(), sensitivity.result(), specificity.result(), accuracy.result(),
                hd95.result(), msd.result());
    }
}
