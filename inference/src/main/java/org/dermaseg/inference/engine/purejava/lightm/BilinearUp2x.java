package org.dermaseg.inference.engine.purejava.lightm;

/**
 * 2x bilinear up-sampling with align_corners=False (PyTorch's {@code F.interpolate(scale_factor=2)}, ONNX
 * Resize half_pixel; MONAI's NONTRAINABLE up-sampling): output index o reads source position
 * {@code (o + 0.5) / 2 - 0.5}, clamped at 0, between floor and floor + 1 (clamped at the last index).
 * The result is added to a skip of the output's size, as LightM-UNet's decoder does.
 */
final class BilinearUp2x {
    final int h;
    final int w;
    private final int[] y0;
    private final int[] y1;
    private final float[] ly;
    private final int[] x0;
    private final int[] x1;
    private final float[] lx;

    BilinearUp2x(int h, int w) {
        this.h = h;
        this.w = w;
        y0 = new int[2 * h];
        y1 = new int[2 * h];
        ly = new float[2 * h];
        x0 = new int[2 * w];
        x1 = new int[2 * w];
        lx = new float[2 * w];
        table(h, y0, y1, ly);
        table(w, x0, x1, lx);
    }

    /** Source indices and the weight of the second one, computed in float as PyTorch's CPU kernel does. */
    private static void table(int in, int[] i0, int[] i1, float[] l1) {
        for (int o = 0; o < 2 * in; o++) {
            float src = Math.max(0f, (o + 0.5f) * 0.5f - 0.5f);
            int i = Math.min((int) src, in - 1);
            i0[o] = i;
            i1[o] = i < in - 1 ? i + 1 : i;
            l1[o] = src - i;
        }
    }

    /** Output rows {@code [r0, r1)} counted over all channels ({@code row = c * 2h + Y}): {@code out += up(in)}. */
    void addInto(float[] in, float[] out, int r0, int r1) {
        int oh = 2 * h;
        int ow = 2 * w;
        for (int r = r0; r < r1; r++) {
            int c = r / oh;
            int y = r - c * oh;
            int a = c * h * w + y0[y] * w;
            int b = c * h * w + y1[y] * w;
            float h1 = ly[y];
            float h0 = 1f - h1;
            int o = r * ow;
            for (int x = 0; x < ow; x++) {
                float w1 = lx[x];
                float w0 = 1f - w1;
                int i = x0[x];
                int j = x1[x];
                out[o + x] += h0 * (w0 * in[a + i] + w1 * in[a + j]) + h1 * (w0 * in[b + i] + w1 * in[b + j]);
            }
        }
    }
}
