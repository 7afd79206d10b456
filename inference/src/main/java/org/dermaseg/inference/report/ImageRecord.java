package org.dermaseg.inference.report;

import java.util.Objects;

import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.ImageEvaluation;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.metrics.MetricsPool;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * Everything DermaSeg reports about one image, whichever path made it: a row of {@code batch}'s
 * {@code report.csv}/{@code report.json}, of {@code evaluate} and {@code segment --json}, and the window's
 * metrics export. One record so those files cannot drift apart ({@link ImageRecordCsv}, {@link ImageRecordJson}).
 * Small on purpose (no pixels), so rows can be kept or streamed. Numeric fields are null when unknown
 * (failed, skipped, or no ground truth).
 *
 * @param position     0-based position in the run's sorted listing (sort key across shards); 0 in the window
 * @param path         the image: relative to the input folder ('/'-separated), the path as given to
 *                     {@code segment}, or the file name in the window
 * @param run          model, engine and mask settings of the run (never null; {@link RunSettings#UNKNOWN})
 * @param edited       the mask was corrected by hand (only the window edits)
 * @param ms           time spent working on this image (queue waits excluded): decode + preprocess + inference
 *                     + postprocess + writing
 * @param inferMs      the engine call alone
 * @param mask         the mask file written, relative to the output folder, or null
 * @param overlay      the overlay file written, relative to the output folder, or null
 * @param groundTruth  path of the ground-truth mask used, or null
 * @param evaluation   every metric when ground truth was found and usable, else null; holds the
 *                     native and paper confusion matrices so shard reports can be pooled later
 * @param measurements size, asymmetry, border and colours of the lesion (docs/measurements.md); null when
 *                     the mask is empty or the image was not segmented in this run (failed, skipped)
 */
public record ImageRecord(long position, String path, ImageStatus status, String reason,
                          Integer width, Integer height, RunSettings run, boolean edited,
                          Double ms, Double inferMs, Long lesionAreaPx,
                          String mask, String overlay, String groundTruth, ImageEvaluation evaluation,
                          LesionMeasurements measurements) {

    public ImageRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        run = run == null ? RunSettings.UNKNOWN : run;
    }

    public static ImageRecord failed(long position, String path, String reason, RunSettings run) {
        return new ImageRecord(position, path, ImageStatus.FAILED, reason, null, null, run, false,
                null, null, null, null, null, null, null, null);
    }

    public static ImageRecord failed(long position, String path, String reason) {
        return failed(position, path, reason, RunSettings.UNKNOWN);
    }

    public static ImageRecord skipped(long position, String path, String reason, Integer width, Integer height,
                                      String mask, RunSettings run) {
        return new ImageRecord(position, path, ImageStatus.SKIPPED, reason, width, height, run, false,
                null, null, null, mask, null, null, null, null);
    }

    /**
     * The window's record of the mask on screen, scored against {@code groundTruth} when given, exactly as the
     * batch scores it ({@link MetricsPool#evaluate}).
     *
     * @param probability256 the model's 256x256 probabilities, or null when the mask no longer comes from them
     *                       (edited by hand): the paper protocol then resizes the mask like the ground truth
     * @throws IllegalArgumentException when the ground truth's size differs from the mask's
     */
    public static ImageRecord ofMask(String path, BinaryMask mask, String groundTruthPath, BinaryMask groundTruth,
                                     float[] probability256, RunSettings run, boolean edited, Double ms,
                                     Double inferMs, LesionMeasurements measurements) {
        Objects.requireNonNull(mask, "mask");
        ImageEvaluation evaluation = null;
        if (groundTruth != null) {
            if (groundTruth.width() != mask.width() || groundTruth.height() != mask.height()) {
                throw new IllegalArgumentException("ground truth is " + groundTruth.width() + "x"
                        + groundTruth.height() + ", the mask " + mask.width() + "x" + mask.height());
            }
            evaluation = MetricsPool.evaluate(path, mask.width(), mask.height(), mask.data(), groundTruth.data(),
                    probability256);
        }
        return new ImageRecord(0, path, ImageStatus.OK, null, mask.width(), mask.height(), run, edited, ms, inferMs,
                mask.area(), null, null, groundTruth == null ? null : groundTruthPath, evaluation, measurements);
    }

    /** This row turned into a failure that keeps what is known (e.g. mask written but ground truth unusable). */
    public ImageRecord asFailure(String why) {
        return new ImageRecord(position, path, ImageStatus.FAILED, why, width, height, run, edited, ms,
                inferMs, lesionAreaPx, mask, overlay, groundTruth, null, measurements);
    }

    /** The same record naming the files written beside it (the window's export: names in the same folder). */
    public ImageRecord withFiles(String maskFile, String overlayFile) {
        return new ImageRecord(position, path, status, reason, width, height, run, edited, ms, inferMs,
                lesionAreaPx, maskFile, overlayFile, groundTruth, evaluation, measurements);
    }

    public ImageRecord withMeasurements(LesionMeasurements m) {
        return new ImageRecord(position, path, status, reason, width, height, run, edited, ms, inferMs,
                lesionAreaPx, mask, overlay, groundTruth, evaluation, m);
    }

    public boolean hasMetrics() {
        return evaluation != null;
    }

    /** Native-resolution Dice, or NaN when not scored. */
    public double dice() {
        return nativeMetric(MaskMetrics::dice);
    }

    public double iou() {
        return nativeMetric(MaskMetrics::iou);
    }

    public double sensitivity() {
        return nativeMetric(MaskMetrics::sensitivity);
    }

    public double specificity() {
        return nativeMetric(MaskMetrics::specificity);
    }

    public double accuracy() {
        return nativeMetric(MaskMetrics::accuracy);
    }

    /** 95th percentile Hausdorff distance in pixels; NaN when not scored, infinite when exactly one mask is empty. */
    public double hd95Px() {
        return evaluation == null ? Double.NaN : evaluation.surface().hd95();
    }

    /** HD95 in mm: null without a pixel size, without ground truth, or when infinite. */
    public Double hd95Mm() {
        Double px = run.pixelSizeMm();
        double hd = hd95Px();
        return px == null || !Double.isFinite(hd) ? null : hd * px;
    }

    /** Lesion area in mm^2, or null without a pixel size or area. */
    public Double lesionAreaMm2() {
        Double px = run.pixelSizeMm();
        return px == null || lesionAreaPx == null ? null : lesionAreaPx * px * px;
    }

    public Confusion paperConfusion() {
        return evaluation == null ? null : evaluation.paperConfusion();
    }

    private double nativeMetric(java.util.function.ToDoubleFunction<MaskMetrics> f) {
        return evaluation == null ? Double.NaN : f.applyAsDouble(evaluation.nativeMetrics());
    }
}
