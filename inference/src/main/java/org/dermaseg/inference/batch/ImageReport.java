package org.dermaseg.inference.batch;

import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.metrics.ImageEvaluation;

/**
 * One row of a batch report. Small on purpose (no pixels), so rows can be kept or streamed.
 * Numeric fields are null when unknown (failed, skipped, or no ground truth).
 *
 * @param position       0-based position in the batch's sorted listing (sort key across shards)
 * @param relativePath   path relative to the input folder, '/'-separated
 * @param ms             time spent working on this image (queue waits excluded): decode + preprocess + inference
 *                       + postprocess + writing
 * @param inferMs        the engine call alone
 * @param groundTruth    path of the ground-truth mask used, or null
 * @param evaluation     every metric when ground truth was found and usable, else null; holds the
 *                       native and paper confusion matrices so shard reports can be pooled later
 * @param measurements   size, asymmetry, border and colours of the lesion (docs/measurements.md); null when
 *                       the mask is empty or the image was not segmented in this run (failed, skipped)
 */
public record ImageReport(long position, String relativePath, ImageStatus status, String reason,
                          Integer width, Integer height, String engine, String device,
                          Double ms, Double inferMs, Long lesionAreaPx,
                          String mask, String overlay, String groundTruth, ImageEvaluation evaluation,
                          LesionMeasurements measurements) {

    public static ImageReport failed(long position, String relativePath, String reason) {
        return new ImageReport(position, relativePath, ImageStatus.FAILED, reason, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    public static ImageReport skipped(long position, String relativePath, String reason, Integer width, Integer height,
                                      String mask) {
        return new ImageReport(position, relativePath, ImageStatus.SKIPPED, reason, width, height, null, null,
                null, null, null, mask, null, null, null, null);
    }

    public boolean hasMetrics() {
        return evaluation != null;
    }

    /** Native-resolution Dice, or NaN when not scored. */
    public double dice() {
        return evaluation == null ? Double.NaN : evaluation.nativeMetrics().dice();
    }

    public Confusion paperConfusion() {
        return evaluation == null ? null : evaluation.paperConfusion();
    }

    /** This row turned into a failure that keeps what is known (e.g. mask written but ground truth unusable). */
    public ImageReport asFailure(String why) {
        return new ImageReport(position, relativePath, ImageStatus.FAILED, why, width, height, engine, device, ms,
                inferMs, lesionAreaPx, mask, overlay, groundTruth, null, measurements);
    }
}
