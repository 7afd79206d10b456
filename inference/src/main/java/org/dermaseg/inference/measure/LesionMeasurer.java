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
        synchronized (NATIVE_LOCK) {
            return measureAlone(image, mask, pixelSizeMm);
        }
    }

    /**
     * Held around every measurement, so that no two run at once. A batch measures on several encode threads,
     * and the 10,000-image batch test crashed the JVM in native code (SIGSEGV in libc, 3 of 7 runs) once
     * measurements ran there concurrently; the cause is not pinned down. Narrowed to the OpenCV calls only
     * (contours, the grid's resampling, the colour smoothing), the test crashed again (SIGSEGV in libjvm, 1 of 2
     * runs), so the lock covers the whole measurement, Java part included: a serial stage in a 2-core batch
     * (docs/performance.md). Every caller goes through {@link #measure}, so this is the only place it is taken.
     */
    private static final Object NATIVE_LOCK = new Object();

    private static LesionMeasurements measureAlone(LoadedImage image, BinaryMask mask, Double pixelSizeMm) {
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
