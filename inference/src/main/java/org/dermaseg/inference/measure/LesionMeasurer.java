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
        synchronized (NATIVE_LOCK) { // the whole measurement again: see NATIVE_LOCK
            return measureAlone(image, mask, pixelSizeMm);
        }
    }

    /**
     * Held around every OpenCV call of the measurements (contours, the analysis grid's resampling, the colour
     * smoothing), so that no two of them run at once. A batch measures on several encode threads, and the
     * 10,000-image batch test crashed the JVM in native code (SIGSEGV in libc, 3 of 7 runs) once whole
     * measurements ran there concurrently; the cause is not pinned down. The lock used to cover the whole
     * measurement, so that its Java part (skin estimate, CIELAB, folds, colours: most of its CPU time) ran one
     * image at a time too, a serial stage in a 2-core batch (docs/performance.md). Narrowed to the OpenCV calls,
     * the test crashed again (SIGSEGV in libjvm, 1 of 2 runs), so {@link #measure} takes it around the whole
     * measurement once more until the cause is found; the inner blocks stay (the lock is re-entrant).
     */
    static final Object NATIVE_LOCK = new Object();

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
