package org.dermaseg.inference.image;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Owns the OpenCV {@link Mat}s of one computation and releases them together on {@link #close()}, keeping every
 * one of them reachable until then. Every OpenCV call in the product goes through one:
 * <pre>{@code
 * try (MatScope mats = new MatScope()) {
 *     Mat src = mats.add(new Mat(h, w, CvType.CV_8UC3));
 *     Mat dst = mats.add(new Mat());
 *     ...
 * }
 * }</pre>
 *
 * <p>Why: OpenCV's Java {@code Mat} deletes its native object in {@code finalize()}, and the JVM may finalize an
 * object while a native method that was handed its address is still running, as soon as no later Java code uses
 * the reference (JLS 12.6.1). {@code mat.release()} as a Mat's last use is exactly that: {@code n_release} runs on
 * the native Mat while the finalizer thread may {@code delete} it, and glibc aborts later with a corrupted heap
 * ({@code corrupted size vs. prev_size}, {@code free(): invalid pointer}, ...). A loop of
 * {@code new Mat(299, 370, CV_32FC3); m.release();} on 4 threads in a 96 MB heap failed 3 of 6 runs of 40 s,
 * with a {@link Reference#reachabilityFence} after the release 0 of 6
 * ({@code bench/results/native-heap-2026-12-03/}). Releasing in {@code close()}, then fencing the scope, keeps
 * every Mat strongly reachable (through this list) across all its native calls, the releases included.
 *
 * <p>One scope belongs to one thread; it is not synchronized.
 */
public final class MatScope implements AutoCloseable {
    private final List<Mat> mats = new ArrayList<>();

    public MatScope() {
        OpenCvNatives.ensureLoaded();
    }

    /** Takes {@code mat} into this scope (released on close) and returns it. */
    public <M extends Mat> M add(M mat) {
        mats.add(mat);
        return mat;
    }

    /** Takes every Mat of {@code list} (e.g. the contours OpenCV returns) into this scope. */
    public <M extends Mat> List<M> addAll(List<M> list) {
        mats.addAll(list);
        return list;
    }

    /** Releases every Mat taken, in order; the Mats stay reachable until the last release has returned. */
    @Override
    public void close() {
        try {
            for (Mat m : mats) {
                m.release();
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
