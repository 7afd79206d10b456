package org.dermaseg.app.gui;

/**
 * Every range a control, a shortcut or a saved setting is held to, stated once: the slider, the menu
 * shortcut and the preferences loader all read these, so they cannot disagree.
 */
public final class GuiLimits {
    public static final double THRESHOLD_MIN = 0.01;
    public static final double THRESHOLD_MAX = 0.99;
    /** What the , and . keys (and the slider's arrow keys) move the threshold by. */
    public static final double THRESHOLD_STEP = 0.05;

    /** Brush diameter in image pixels. */
    public static final double BRUSH_MIN = 1;
    public static final double BRUSH_MAX = 200;
    public static final double BRUSH_DEFAULT = 24;
    /** What [ and ] divide or multiply the brush diameter by. */
    public static final double BRUSH_FACTOR = 1.25;

    public static final double OPACITY_MIN = 0;
    public static final double OPACITY_MAX = 1;
    public static final int CONTOUR_WIDTH_MIN = 1;
    public static final int CONTOUR_WIDTH_MAX = 10;

    /** Zoom: at most 32 screen pixels per image pixel; the zoom keys multiply or divide by 1.25. */
    public static final double ZOOM_MAX = 32;
    public static final double ZOOM_STEP = 1.25;

    /** The window never opens smaller than this (it fits a 1280x800 screen with room for a task bar). */
    public static final double WINDOW_MIN_WIDTH = 800;
    public static final double WINDOW_MIN_HEIGHT = 560;
    /** First start: the window's size when the screen has room for it. */
    public static final double WINDOW_DEFAULT_WIDTH = 1360;
    public static final double WINDOW_DEFAULT_HEIGHT = 860;

    private GuiLimits() {
    }

    public static double clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
    }

    /** The threshold moved by {@code steps} key presses, rounded to 0.01 and kept in range. */
    public static double nudgeThreshold(double t, int steps) {
        double moved = Math.round((t + steps * THRESHOLD_STEP) * 100) / 100.0;
        return clamp(moved, THRESHOLD_MIN, THRESHOLD_MAX);
    }

    /** The brush diameter after {@code steps} presses of ] (positive) or [ (negative), kept in range. */
    public static double scaleBrush(double size, int steps) {
        return clamp(size * Math.pow(BRUSH_FACTOR, steps), BRUSH_MIN, BRUSH_MAX);
    }
}
