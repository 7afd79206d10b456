package org.dermaseg.inference.engine;

/**
 * Runs the network: preprocessed NCHW float input in, sigmoid probabilities out. Implementations must be
 * thread-safe ({@link #infer} may be called from several threads at once) and release native resources
 * in {@link #close()}.
 */
public interface SegmentationEngine extends AutoCloseable {
    /** Which engine and device this is, and why it is not the one asked for, if so. */
    EngineInfo info();

    /**
     * @param nchw  {@code batch * 3 * H * W} floats (H, W from the model card)
     * @param batch number of images in {@code nchw}
     * @return {@code batch * 1 * H * W} probabilities in [0, 1]
     * @throws EngineException when the runtime fails on this input
     */
    float[] infer(float[] nchw, int batch) throws EngineException;

    /**
     * Images per {@link #infer} call worth gathering when many are waiting: 1 where a bigger batch does not pay.
     * Callers may pass fewer (a batch is never held back to fill up) or more.
     */
    default int preferredBatch() {
        return 1;
    }

    @Override
    void close();

    /**
     * Checks that {@code nchw} holds exactly {@code batch} images of 3 x height x width.
     *
     * @return the plane size {@code height * width}
     */
    static int checkInput(float[] nchw, int batch, int height, int width) {
        int plane = height * width;
        if (batch <= 0 || nchw.length != (long) batch * 3 * plane) {
            throw new IllegalArgumentException("input holds " + nchw.length + " floats, batch " + batch
                    + " of 3x" + height + "x" + width + " needs " + (long) batch * 3 * plane);
        }
        return plane;
    }
}
