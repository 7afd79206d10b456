package org.dermaseg.inference.engine;

import java.util.Locale;

/** Engine asked for on the command line or in settings. */
public enum EngineChoice {
    /** The fastest engine with the same answer: CUDA through ONNX Runtime, else the faster CPU engine (EngineFactory). */
    AUTO,
    ONNX,
    JAVA;

    /** Accepts auto|onnx|java in any case. */
    public static EngineChoice parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("engine must be auto, onnx or java, not \"" + s + "\"");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
