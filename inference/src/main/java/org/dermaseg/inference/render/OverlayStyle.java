package org.dermaseg.inference.render;

import java.util.Objects;

/**
 * How overlays look.
 *
 * @param mode         what is drawn
 * @param fillOpacity  0 (no fill) .. 1 (opaque fill) for the mask fill, the compare colours and the heat-map
 * @param contour      draw the outline of the mask (and of the ground truth in compare mode)
 * @param contourWidth outline width in output pixels (screen pixels in the viewer, image pixels in exports)
 * @param color        mask colour, 0xRRGGBB
 */
public record OverlayStyle(ViewMode mode, double fillOpacity, boolean contour, double contourWidth, int color) {
    /** True positives (lesion in both): green. */
    public static final int TP_COLOR = 0x00C853;
    /** False positives (lesion predicted, not in the ground truth): red. */
    public static final int FP_COLOR = 0xFF1744;
    /** False negatives (lesion in the ground truth, missed): blue. */
    public static final int FN_COLOR = 0x2979FF;
    /** Outline of the ground truth in compare mode: yellow. */
    public static final int GT_CONTOUR_COLOR = 0xFFD600;
    /** Drawn where the view extends beyond the image. */
    public static final int BACKGROUND_ARGB = 0xFF2B2B2B;

    public static final OverlayStyle DEFAULT = new OverlayStyle(ViewMode.MASK, 0.35, true, 2, 0x00E676);

    public OverlayStyle {
        Objects.requireNonNull(mode, "mode");
        if (!(fillOpacity >= 0 && fillOpacity <= 1)) {
            throw new IllegalArgumentException("fill opacity " + fillOpacity + " outside [0, 1]");
        }
        if (!(contourWidth >= 0 && contourWidth <= 64)) {
            throw new IllegalArgumentException("contour width " + contourWidth + " outside [0, 64]");
        }
        color &= 0xFFFFFF;
    }

    public OverlayStyle withMode(ViewMode m) {
        return new OverlayStyle(m, fillOpacity, contour, contourWidth, color);
    }

    public OverlayStyle withFillOpacity(double o) {
        return new OverlayStyle(mode, o, contour, contourWidth, color);
    }

    public OverlayStyle withContour(boolean c) {
        return new OverlayStyle(mode, fillOpacity, c, contourWidth, color);
    }

    public OverlayStyle withContourWidth(double w) {
        return new OverlayStyle(mode, fillOpacity, contour, w, color);
    }

    public OverlayStyle withColor(int rgb) {
        return new OverlayStyle(mode, fillOpacity, contour, contourWidth, rgb);
    }
}
