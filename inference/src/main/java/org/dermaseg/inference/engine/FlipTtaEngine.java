package org.dermaseg.inference.engine;

/**
 * Flip test-time augmentation around another engine: each image is run as it is, mirrored left-right,
 * mirrored top-bottom and both; each output is flipped back and the four are averaged. For a batch of
 * {@code b} images the delegate gets ONE call with {@code 4b} images (engines run batches faster than single
 * images), laid out flip by flip: images {@code [f*b, (f+1)*b)} are the batch under flip {@code f} in the
 * order identity, horizontal, vertical, both. The mean is summed in that fixed order, so the result is
 * deterministic. Thread-safe when the delegate is (no state besides it).
 */
public final class FlipTtaEngine implements SegmentationEngine {
    /** Added to the delegate's {@link EngineInfo#detail()}, so every place that prints the engine shows it. */
    public static final String NOTE = "flip TTA: mean of 4 flips";
    /** The flips in the order they are run and summed: {flip rows (vertical), flip columns (horizontal)}. */
    private static final boolean[][] FLIPS = {{false, false}, {false, true}, {true, false}, {true, true}};

    private final SegmentationEngine delegate;
    private final int height;
    private final int width;

    /**
     * @param delegate the engine run on the flipped images; closed by {@link #close()}
     * @param height   the model's input height (from its card)
     * @param width    the model's input width
     */
    public FlipTtaEngine(SegmentationEngine delegate, int height, int width) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input size " + width + "x" + height);
        }
        this.height = height;
        this.width = width;
    }

    /** True when {@code info} is that of an engine under flip TTA. */
    public static boolean isOn(EngineInfo info) {
        return info != null && info.detail() != null && info.detail().contains(NOTE);
    }

    /** The engine without TTA (benchmarks time both). */
    public SegmentationEngine delegate() {
        return delegate;
    }

    @Override
    public EngineInfo info() {
        return delegate.info().withDetailNote(NOTE);
    }

    @Override
    public float[] infer(float[] nchw, int batch) throws EngineException {
        int plane = SegmentationEngine.checkInput(nchw, batch, height, width);
        int image = 3 * plane;
        int n = FLIPS.length;
        float[] input = new float[n * batch * image];
        for (int f = 0; f < n; f++) {
            for (int i = 0; i < batch; i++) {
                flip(nchw, i * image, input, (f * batch + i) * image, 3, FLIPS[f]);
            }
        }
        float[] probs = delegate.infer(input, n * batch);
        if (probs.length != n * batch * plane) {
            throw new EngineException("engine returned " + probs.length + " values for " + n * batch
                    + " images of " + plane);
        }
        float[] sum = new float[batch * plane];
        float[] back = new float[plane];
        for (int f = 0; f < n; f++) {
            for (int i = 0; i < batch; i++) {
                flip(probs, (f * batch + i) * plane, back, 0, 1, FLIPS[f]); // a flip undoes itself
                int o = i * plane;
                for (int p = 0; p < plane; p++) {
                    sum[o + p] += back[p];
                }
            }
        }
        for (int p = 0; p < sum.length; p++) {
            sum[p] /= n;
        }
        return sum;
    }

    /** Copies {@code channels} planes of height x width from {@code src} to {@code dst}, flipped as {@code flip} says. */
    private void flip(float[] src, int srcOff, float[] dst, int dstOff, int channels, boolean[] flip) {
        boolean rows = flip[0];
        boolean cols = flip[1];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int from = srcOff + c * plane + (rows ? height - 1 - y : y) * width;
                int to = dstOff + c * plane + y * width;
                if (!cols) {
                    System.arraycopy(src, from, dst, to, width);
                } else {
                    for (int x = 0; x < width; x++) {
                        dst[to + x] = src[from + width - 1 - x];
                    }
                }
            }
        }
    }

    @Override
    public int preferredBatch() {
        // each image becomes 4 in the wrapped engine's call: gather a quarter as many
        return Math.max(1, delegate.preferredBatch() / 4);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
