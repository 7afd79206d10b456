package org.dermaseg.inference.engine;

import java.util.Locale;

/** Device asked for. */
public enum DeviceChoice {
    /** CUDA when the runtime offers it, else CPU. */
    AUTO,
    CPU,
    CUDA;

    /** Accepts auto|cpu|cuda in any case. */
    public static DeviceChoice parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device must be auto, cpu or cuda, not \"" + s + "\"");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
