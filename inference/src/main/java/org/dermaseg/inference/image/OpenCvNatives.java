package org.dermaseg.inference.image;

/**
 * Loads the OpenCV native library bundled in org.openpnp:opencv exactly once per JVM, with OpenCV's own
 * thread pool switched off. Every class that touches {@code org.opencv.*} calls {@link #ensureLoaded()} first.
 *
 * <p>Why no pool: with OpenCV's pthreads pool (the default, one thread per core) measurements running on 4
 * threads at once corrupted the native heap ("malloc_consolidate(): invalid chunk size", "double free or
 * corruption (!prev)", "corrupted size vs. prev_size"; 4 of 12 runs of 45 s), and the 10,000-image batch
 * test had crashed the JVM the same way before measurements were put under a global lock; with the pool off,
 * none of 18 such runs crashed (docs/performance.md, 2026-12-03). The pipeline already runs one image per thread, so the pool bought
 * nothing in a batch; in the window a large image's resize runs on one core instead of all.
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
