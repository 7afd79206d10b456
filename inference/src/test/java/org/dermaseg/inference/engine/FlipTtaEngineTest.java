package org.dermaseg.inference.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FlipTtaEngineTest {
    /** Not square, so a swapped height and width would show. */
    private static final int H = 5;
    private static final int W = 7;
    private static final int PLANE = H * W;

    /**
     * Not flip-symmetric: its output depends on the position (a gradient) and on the input's channels, so
     * an image flipped and not flipped back, or flipped back the wrong way, gives a different mean.
     * Records the batch size of every call.
     */
    static final class GradientEngine implements SegmentationEngine {
        final List<Integer> batches = new ArrayList<>();
        boolean closed;

        @Override
        public EngineInfo info() {
            return new EngineInfo("gradient", "cpu", "test engine", null);
        }

        @Override
        public synchronized float[] infer(float[] nchw, int batch) {
            batches.add(batch);
            float[] out = new float[batch * PLANE];
            for (int b = 0; b < batch; b++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int p = y * W + x;
                        float c0 = nchw[b * 3 * PLANE + p];
                        float c2 = nchw[b * 3 * PLANE + 2 * PLANE + p];
                        out[b * PLANE + p] = 0.01f * x + 0.03f * y + 0.5f * c0 - 0.2f * c2 + 0.001f * x * y;
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** The test's own flip, by index (independent of the engine's): {@code rows} top-bottom, {@code cols} left-right. */
    private static float[] flipped(float[] img, int channels, boolean rows, boolean cols) {
        float[] out = new float[img.length];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sy = rows ? H - 1 - y : y;
                    int sx = cols ? W - 1 - x : x;
                    out[c * PLANE + y * W + x] = img[c * PLANE + sy * W + sx];
                }
            }
        }
        return out;
    }

    /** The mean of the 4 flips computed one by one, each with its own engine call of one image. */
    private static float[] expected(float[] image) {
        GradientEngine e = new GradientEngine();
        double[] sum = new double[PLANE];
        boolean[][] flips = {{false, false}, {false, true}, {true, false}, {true, true}};
        for (boolean[] f : flips) {
            float[] out = e.infer(flipped(image, 3, f[0], f[1]), 1);
            float[] back = flipped(out, 1, f[0], f[1]);
            for (int p = 0; p < PLANE; p++) {
                sum[p] += back[p];
            }
        }
        float[] mean = new float[PLANE];
        for (int p = 0; p < PLANE; p++) {
            mean[p] = (float) (sum[p] / 4);
        }
        return mean;
    }

    private static float[] randomImages(int batch, long seed) {
        Random r = new Random(seed);
        float[] x = new float[batch * 3 * PLANE];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    @Test
    void meanOfTheFourUnflippedOutputsInOneDelegateCallOfFourTimesTheBatch() throws Exception {
        int batch = 3;
        float[] input = randomImages(batch, 42);
        float[] copy = input.clone();
        GradientEngine delegate = new GradientEngine();
        FlipTtaEngine tta = new FlipTtaEngine(delegate, H, W);

        float[] out = tta.infer(input, batch);

        assertEquals(List.of(4 * batch), delegate.batches, "one delegate call with 4b images");
        assertEquals(batch * PLANE, out.length);
        assertArrayEquals(copy, input, "the caller's input is left as it was");
        for (int b = 0; b < batch; b++) {
            float[] one = java.util.Arrays.copyOfRange(input, b * 3 * PLANE, (b + 1) * 3 * PLANE);
            float[] want = expected(one);
            for (int p = 0; p < PLANE; p++) {
                assertEquals(want[p], out[b * PLANE + p], 1e-6, "image " + b + " pixel " + p);
            }
        }
    }

    @Test
    void theFakeIsNotFlipSymmetricSoTheTestAboveCanFail() {
        // a TTA that forgot to flip the outputs back would average these instead
        float[] image = randomImages(1, 7);
        double[] notUnflipped = new double[PLANE];
        boolean[][] flips = {{false, false}, {false, true}, {true, false}, {true, true}};
        for (boolean[] f : flips) {
            float[] out = new GradientEngine().infer(flipped(image, 3, f[0], f[1]), 1);
            for (int p = 0; p < PLANE; p++) {
                notUnflipped[p] += out[p] / 4.0;
            }
        }
        float[] want = expected(image);
        float[] plain = new GradientEngine().infer(image, 1);
        double worstWrong = 0;
        double worstPlain = 0;
        for (int p = 0; p < PLANE; p++) {
            worstWrong = Math.max(worstWrong, Math.abs(notUnflipped[p] - want[p]));
            worstPlain = Math.max(worstPlain, Math.abs(plain[p] - want[p]));
        }
        assertTrue(worstWrong > 1e-3, "outputs not flipped back differ from the right mean: " + worstWrong);
        assertTrue(worstPlain > 1e-3, "TTA changes this engine's output: " + worstPlain);
    }

    @Test
    void deterministicAndSaysItIsOn() throws Exception {
        float[] input = randomImages(2, 3);
        GradientEngine delegate = new GradientEngine();
        FlipTtaEngine tta = new FlipTtaEngine(delegate, H, W);
        assertArrayEquals(tta.infer(input, 2), tta.infer(input, 2));
        assertTrue(FlipTtaEngine.isOn(tta.info()), tta.info().toString());
        assertTrue(tta.info().toString().contains(FlipTtaEngine.NOTE), tta.info().toString());
        assertEquals("gradient/cpu", tta.info().label());
        assertFalse(FlipTtaEngine.isOn(delegate.info()));
        tta.close();
        assertTrue(delegate.closed, "closing TTA closes the engine it wraps");
    }

    @Test
    void refusesAnInputOfTheWrongSize() {
        FlipTtaEngine tta = new FlipTtaEngine(new GradientEngine(), H, W);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> tta.infer(new float[3 * PLANE + 1], 1));
    }
}
