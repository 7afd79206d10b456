package org.dermaseg.inference.export;

import java.util.Objects;

import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.metrics.SurfaceDistance;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * The measurements of one reviewed image: lesion area, and when ground truth is present the overlap
 * metrics and HD95 at the image's own resolution ({@link MaskMetrics} conventions: NaN where a ratio is
 * undefined, infinite HD95 when exactly one mask is empty). Millimetre values need a pixel size and are
 * null without one.
 *
 * @param image            image file name or path
 * @param groundTruth      ground-truth file, or null
 * @param threshold        the mask threshold in use
 * @param edited           the mask was corrected by hand
 * @param engine           e.g. "onnx/cpu", or null
 * @param pixelSizeMm      millimetres per pixel, or null
 * @param lesionAreaMm2    area in mm^2, or null without a pixel size
 * @param hd95Px           95th percentile Hausdorff distance in pixels (NaN without ground truth)
 * @param hd95Mm           the same in mm, or null
 * @param cleanedUp        the mask was cleaned up (largest region kept, holes filled) before any edit
 * @param tta              the model ran under flip test-time augmentation (mean of 4 flips)
 * @param measurements     the lesion's measurements (docs/measurements.md), or null when not made or no lesion
 */
public record MetricsRecord(String image, String groundTruth, int width, int height, double threshold,
                           boolean edited, String engine, Double inferMs, long lesionAreaPx, Double pixelSizeMm,
                           Double lesionAreaMm2, Long tp, Long fp, Long fn, Long tn,
                           double dice, double iou, double sensitivity, double specificity, double accuracy,
                           double hd95Px, Double hd95Mm, boolean cleanedUp, boolean tta,
                           LesionMeasurements measurements) {

    public boolean hasGroundTruth() {
        return tp != null;
    }

    /**
     * Measures {@code mask}, against {@code groundTruth} when given (same size required).
     *
     * @throws IllegalArgumentException when the sizes differ
     */
    public static MetricsRecord compute(String image, BinaryMask mask, String groundTruthName, BinaryMask groundTruth,
                                        double threshold, boolean edited, String engine, Double inferMs,
                                        Double pixelSizeMm, boolean cleanedUp, boolean tta) {
        Objects.requireNonNull(mask, "mask");
        if (pixelSizeMm != null && !(pixelSizeMm > 0 && Double.isFinite(pixelSizeMm))) {
            throw new IllegalArgumentException("pixel size must be positive, got " + pixelSizeMm);
        }
        long area = mask.area();
        Double areaMm2 = pixelSizeMm == null ? null : area * pixelSizeMm * pixelSizeMm;
        if (groundTruth == null) {
            return new MetricsRecord(image, null, mask.width(), mask.height(), threshold, edited, engine, inferMs,
                    area, pixelSizeMm, areaMm2, null, null, null, null,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, cleanedUp, tta, null);
        }
        if (groundTruth.width() != mask.width() || groundTruth.height() != mask.height()) {
            throw new IllegalArgumentException("ground truth is " + groundTruth.width() + "x" + groundTruth.height()
                    + ", the mask " + mask.width() + "x" + mask.height());
        }
        Confusion c = Confusion.of(mask.data(), groundTruth.data());
        MaskMetrics m = MaskMetrics.of(c);
        SurfaceDistance sd = SurfaceDistance.compute(mask.width(), mask.height(), mask.data(), groundTruth.data());
        Double hdMm = pixelSizeMm == null || !Double.isFinite(sd.hd95()) ? null : sd.hd95() * pixelSizeMm;
        return new MetricsRecord(image, groundTruthName, mask.width(), mask.height(), threshold, edited, engine,
                inferMs, area, pixelSizeMm, areaMm2, c.tp(), c.fp(), c.fn(), c.tn(),
                m.dice(), m.iou(), m.sensitivity(), m.specificity(), m.accuracy(), sd.hd95(), hdMm, cleanedUp, tta, null);
    }

    /** This record with the lesion's measurements (made from the same mask, by {@code LesionMeasurer}). */
    public MetricsRecord withMeasurements(LesionMeasurements m) {
        return new MetricsRecord(image, groundTruth, width, height, threshold, edited, engine, inferMs, lesionAreaPx,
                pixelSizeMm, lesionAreaMm2, tp, fp, fn, tn, dice, iou, sensitivity, specificity, accuracy, hd95Px,
                hd95Mm, cleanedUp, tta, m);
    }
}
