package org.dermaseg.inference.measure;

import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * Image and mask in, {@link LesionMeasurements} out. Deterministic; thread-safe (no state). Sizes come from the
 * full-resolution mask; asymmetry, border abruptness and colours from the {@link AnalysisGrid}, where the
 * lesion's longer side is always 256 pixels, so they do not depend on the image's resolution.
 */
public final class LesionMeasurer {
    private LesionMeasurer() {
    }

    /**
     * @param image       the image (a reduced decode is fine: only the analysis grid reads its pixels)
     * @param mask        the lesion at the image's size
     * @param pixelSizeMm millimetres per image pixel, or null
     * @return the measurements, or null when the mask is empty
     */
    public static LesionMeasurements measure(LoadedImage image, BinaryMask mask, Double pixelSizeMm) {
        // No lock: measurements run on every encode thread of a batch at once (ConcurrentMeasurementTest). The
        // crashes that once made them take turns were a finalizer race on OpenCV Mats, fixed by MatScope.
        LesionMeasurements.Size size = SizeCalculator.measure(mask, pixelSizeMm);
        if (size.areaPx() == 0) {
            return null;
        }
        AnalysisGrid grid = AnalysisGrid.of(image, mask);
        if (grid.area == 0) {
            return null; // a lesion too thin to survive resampling: nothing to fold or colour
        }
        LesionMeasurements.Asymmetry asymmetry = AsymmetryCalculator.measure(grid);
        LesionMeasurements.Border border = BorderCalculator.measure(grid, size, asymmetry.axisAngleDeg());
        LesionMeasurements.Colours colours = ColourCalculator.measure(grid);
        return new LesionMeasurements(size, asymmetry, border, colours, grid.scale);
    }
}
