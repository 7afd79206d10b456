package org.dermaseg.inference.engine.purejava;

/**
 * One network, loaded with its weights, that {@link JavaEngine} runs: the engine adds the input checks, the
 * run gate and the engine description, the network only computes. One implementation per architecture type,
 * created by its {@link JavaNetworkLoader}.
 */
public interface JavaNetwork extends AutoCloseable {
    /**
     * Probabilities ({@code H x W} floats at {@code outOff}) of one preprocessed image ({@code 3 x H x W} floats
     * at {@code inOff}), {@code H x W} being the card's input size. Must be safe to call from several threads
     * at once.
     */
    void forward(float[] in, int inOff, float[] out, int outOff);

    /**
     * Probabilities of {@code batch} images ({@code plane = H * W}) placed one after the other. By default one
     * {@link #forward} after the other; a network with a thread pool may run each image whole on one thread
     * instead (fewer hand-offs per pass, docs/performance.md). Same safety as {@link #forward}.
     */
    default void forwardBatch(float[] in, int batch, float[] out, int plane) {
        for (int b = 0; b < batch; b++) {
            forward(in, b * 3 * plane, out, b * plane);
        }
    }

    /** Frees threads and buffers. {@link JavaEngine} calls it once, after the last {@link #forward} returned. */
    @Override
    void close();
}
