package org.dermaseg.inference.image;

/**
 * Loads the OpenCV native library bundled in org.openpnp:opencv exactly once per JVM.
 * Every class that touches {@code org.opencv.*} calls {@link #ensureLoaded()} first.
 */
public final class OpenCvNatives {
    private static volatile boolean loaded;

    private OpenCvNatives() {
    }

    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (OpenCvNatives.class) {
            if (!loaded) {
                nu.pattern.OpenCV.loadLocally();
                loaded = true;
            }
        }
    }

    /** OpenCV version string, e.g. "4.9.0". */
    public static String version() {
        ensureLoaded();
        return org.opencv.core.Core.VERSION;
    }
}
