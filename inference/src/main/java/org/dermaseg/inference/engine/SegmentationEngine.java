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

    @Override
    void close();
}
