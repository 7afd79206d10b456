package org.dermaseg.inference.image;

/**
 * Loads the OpenCV native library bundled in org.openpnp:opencv exactly once per JVM, with OpenCV's own
 * thread pool switched off. Every class that touches {@code org.opencv.*} calls {@link #ensureLoaded()} first.
 *
 * <p>Why no pool: the pipeline already runs one image per thread, so the pool bought nothing in a batch; in the
 * window a large image's resize runs on one core instead of all. (Heap corruption once blamed on the pool was a
 * finalizer race on Mats, fixed by {@link MatScope}; the pool was not re-measured after that fix.)
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
                org.opencv.core.Core.setNumThreads(1); // 1 = run each call on the calling thread
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
