package org.dermaseg.app.gui;

import java.util.Locale;

/** Number formats of the GUI ('.' decimals everywhere, so screenshots and tests read the same). */
final class Formats {
    static final String NONE = "—";

    private Formats() {
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%.4f", v);
    }

    static String pixels(long v) {
        return String.format(Locale.ROOT, "%,d px", v);
    }

    static String distance(double px, Double mm) {
        if (Double.isNaN(px)) {
            return NONE;
        }
        if (Double.isInfinite(px)) {
            return "∞ (one mask empty)";
        }
        return String.format(Locale.ROOT, "%.1f px", px) + (mm == null ? "" : String.format(Locale.ROOT, " (%.2f mm)", mm));
    }

    static String areaMm2(Double mm2) {
        return mm2 == null ? NONE + " (no pixel size)" : String.format(Locale.ROOT, "%.2f mm²", mm2);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return NONE;
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
