package org.dermaseg.inference.engine.purejava;

import java.util.Arrays;

/**
 * The dense operators, on NCHW planes of one image held in flat float arrays at an offset. Each works on a
 * sub-range of channels or rows (the caller spreads ranges over threads) and writes only its part of the
 * output. No allocation: scratch comes from the caller's {@link Workspace}. Inner loops run along a row,
 * contiguous in memory, so that the JIT can vectorise them.
 */
public final class Kernels {
    /** PyTorch's default epsilon of GroupNorm and LayerNorm (float, as the networks were trained with). */
    public static final float GN_EPS = 1e-5f;
    public static final float LN_EPS = 1e-5f;

    private Kernels() {
    }

    /** {@code o[i] += w0 a[i] + w1 b[i] + w2 c[i]}: small enough a loop body for the JIT to vectorise. */
    public static void tap3(float[] o, float[] a, float[] b, float[] c, float w0, float w1, float w2, int n) {
        for (int i = 0; i < n; i++) {
            o[i] += w0 * a[i] + w1 * b[i] + w2 * c[i];
        }
    }

    /**
     * {@code o[i] = init + w0 a[i] + w1 b[i] + w2 c[i]}: the first {@link #tap3} of a sum that starts at {@code init}
     * (a bias), without filling {@code o} with it first. The same floats as a fill then {@code tap3}: both add
     * {@code init} to the same three-term sum.
     */
    public static void tap3From(float[] o, float init, float[] a, float[] b, float[] c, float w0, float w1, float w2,
                                int n) {
        for (int i = 0; i < n; i++) {
            o[i] = init + (w0 * a[i] + w1 * b[i] + w2 * c[i]);
        }
    }

    // ---------------------------------------------------------------- GroupNorm

    /** Sum and sum of squares (double) of planes {@code [c0, c1)}. */
    public static void planeStats(float[] x, int off, int plane, double[] sum, double[] sq, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            // two accumulators each, as in statsAndPool: shorter chains of dependent adds
            double s0 = 0;
            double s1 = 0;
            double q0 = 0;
            double q1 = 0;
            int b = off + c * plane;
            int i = 0;
            for (; i + 1 < plane; i += 2) {
                double v0 = x[b + i];
                double v1 = x[b + i + 1];
                s0 += v0;
                s1 += v1;
                q0 += v0 * v0;
                q1 += v1 * v1;
            }
            if (i < plane) {
                double v = x[b + i];
                s0 += v;
                q0 += v * v;
            }
            sum[c] = s0 + s1;
            sq[c] = q0 + q1;
        }
    }

    /**
     * Per-channel affine form {@code y = scale[c] * x + shift[c]} of GroupNorm (eps {@link #GN_EPS})
     * from per-channel sums over {@code plane} values each.
     */
    public static void groupNormAffine(double[] sum, double[] sq, int channels, int groups, int plane, float[] gamma,
                                float[] beta, float[] scale, float[] shift) {
        int per = channels / groups;
        double n = (double) per * plane;
        for (int g = 0; g < groups; g++) {
            double s = 0;
            double q = 0;
            for (int c = g * per; c < (g + 1) * per; c++) {
                s += sum[c];
                q += sq[c];
            }
            double mean = s / n;
            double var = Math.max(0, q / n - mean * mean);
            double rstd = 1.0 / Math.sqrt(var + GN_EPS);
            for (int c = g * per; c < (g + 1) * per; c++) {
                double a = gamma[c] * rstd;
                scale[c] = (float) a;
                shift[c] = (float) (beta[c] - mean * a);
            }
        }
    }

    /**
     * For planes {@code [c0, c1)} (h x w, both even): sums for the GroupNorm statistics and the 2x2 max and
     * min pools of the raw values, in one pass. Since GroupNorm is a per-channel affine map, max-pooling
     * after it equals the affine map of the max (scale >= 0) or of the min (scale < 0): see {@link #affinePoolGelu}.
     */
    public static void statsAndPool(float[] in, int off, int h, int w, double[] sum, double[] sq, float[] pmax,
                             float[] pmin, int poolOff, int c0, int c1) {
        int ph = h / 2;
        int pw = w / 2;
        for (int c = c0; c < c1; c++) {
            // four accumulators each: one double sum is a chain of dependent adds, four run side by side
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double q0 = 0;
            double q1 = 0;
            double q2 = 0;
            double q3 = 0;
            int b = off + c * h * w;
            int pb = poolOff + c * ph * pw;
            for (int y = 0; y < ph; y++) {
                int r0 = b + 2 * y * w;
                int r1 = r0 + w;
                int pr = pb + y * pw;
                for (int x = 0; x < pw; x++) {
                    float v00 = in[r0 + 2 * x];
                    float v01 = in[r0 + 2 * x + 1];
                    float v10 = in[r1 + 2 * x];
                    float v11 = in[r1 + 2 * x + 1];
                    s0 += v00;
                    s1 += v01;
                    s2 += v10;
                    s3 += v11;
                    q0 += (double) v00 * v00;
                    q1 += (double) v01 * v01;
                    q2 += (double) v10 * v10;
                    q3 += (double) v11 * v11;
                    pmax[pr + x] = Math.max(Math.max(v00, v01), Math.max(v10, v11));
                    pmin[pr + x] = Math.min(Math.min(v00, v01), Math.min(v10, v11));
                }
            }
            sum[c] = (s0 + s1) + (s2 + s3);
            sq[c] = (q0 + q1) + (q2 + q3);
        }
    }

    /** {@code out = gelu(scale * (scale >= 0 ? pmax : pmin) + shift)} per channel, planes {@code [c0, c1)}. */
    public static void affinePoolGelu(float[] pmax, float[] pmin, int off, int plane, float[] scale, float[] shift,
                               float[] out, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            float a = scale[c];
            float b = shift[c];
            float[] src = a >= 0 ? pmax : pmin;
            int base = off + c * plane;
            for (int i = base; i < base + plane; i++) {
                out[i] = Fn.gelu(a * src[i] + b);
            }
        }
    }

    /** In place {@code x = scale[c] * x + shift[c]}, optionally followed by GELU, planes {@code [c0, c1)}. */
    public static void affine(float[] x, int off, int plane, float[] scale, float[] shift, boolean gelu, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            float a = scale[c];
            float b = shift[c];
            int base = off + c * plane;
            if (gelu) {
                for (int i = base; i < base + plane; i++) {
                    x[i] = Fn.gelu(a * x[i] + b);
                }
            } else {
                for (int i = base; i < base + plane; i++) {
                    x[i] = a * x[i] + b;
                }
            }
        }
    }

    // ---------------------------------------------------------------- bilinear x2, align_corners=True

    /**
     * Source rows/columns and weights of a x2 bilinear upsampling with align_corners=True, computed as
     * PyTorch does (float scale (in-1)/(out-1), lambda = src - floor(src)).
     */
    public record UpTable(int[] i0, int[] i1, float[] l0, float[] l1) {
        public static UpTable of(int in) {
            int out = 2 * in;
            float scale = out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f;
            int[] i0 = new int[out];
            int[] i1 = new int[out];
            float[] l0 = new float[out];
            float[] l1 = new float[out];
            for (int o = 0; o < out; o++) {
                float real = scale * o;
                int a = (int) real;
                i0[o] = a;
                i1[o] = a + (a < in - 1 ? 1 : 0);
                float lam = Math.min(Math.max(real - a, 0f), 1f);
                l1[o] = lam;
                l0[o] = 1f - lam;
            }
            return new UpTable(i0, i1, l0, l1);
        }
    }

    /**
     * Upsamples planes (h x w -> 2h x 2w) for output rows {@code [r0, r1)} counted over all channels
     * ({@code row = c * 2h + Y}), one output row at a time through {@code tmp} (2w floats); then
     * {@code mode}: 0 plain, 1 GELU and add {@code skip} (same layout as {@code out}; may be {@code out}),
     * 2 sigmoid. For mode 1 the GELU and the add run as a separate loop over row arrays, which vectorises.
     */
    public static void upsample(float[] in, int inOff, int h, int w, UpTable ty, UpTable tx, float[] out, int outOff,
                         int mode, float[] skip, int skipOff, float[] tmp, float[] tmp2, int r0, int r1) {
        int oh = 2 * h;
        int ow = 2 * w;
        int[] xi0 = tx.i0();
        int[] xi1 = tx.i1();
        float[] xl0 = tx.l0();
        float[] xl1 = tx.l1();
        for (int r = r0; r < r1; r++) {
            int c = r / oh;
            int y = r - c * oh;
            int src = inOff + c * h * w;
            int a = src + ty.i0()[y] * w;
            int b = src + ty.i1()[y] * w;
            float h0 = ty.l0()[y];
            float h1 = ty.l1()[y];
            for (int x = 0; x < ow; x++) {
                int x0 = xi0[x];
                int x1 = xi1[x];
                float w0 = xl0[x];
                float w1 = xl1[x];
                tmp[x] = h0 * (w0 * in[a + x0] + w1 * in[a + x1]) + h1 * (w0 * in[b + x0] + w1 * in[b + x1]);
            }
            int o = outOff + r * ow;
            if (mode == 1) {
                System.arraycopy(skip, skipOff + r * ow, tmp2, 0, ow);
                geluAdd(tmp, tmp2, ow);
            } else if (mode == 2) {
                for (int x = 0; x < ow; x++) {
                    tmp[x] = Fn.sigmoid(tmp[x]);
                }
            }
            System.arraycopy(tmp, 0, out, o, ow);
        }
    }

    /** {@code t[i] = gelu(t[i]) + s[i]}. */
    public static void geluAdd(float[] t, float[] s, int n) {
        for (int i = 0; i < n; i++) {
            t[i] = Fn.gelu(t[i]) + s[i];
        }
    }

    // ---------------------------------------------------------------- dense (1x1) layers over tokens, row arrays

    /**
     * {@code out[out0 + j][l] = bias[j] + sum_i wt[j, i] * in[in0 + i][l]} for rows {@code j in [j0, j1)},
     * {@code l < len}: a Linear layer (weight [rows, k]) over channel rows that are separate arrays, so that
     * every inner loop indexes its arrays alike from 0 (what the JDK 17 auto-vectoriser needs).
     * {@code bias} may be null.
     */
    public static void linearRows(float[] wt, float[] bias, int k, float[][] in, int in0, int len, float[][] out, int out0,
                           int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            float[] o = out[out0 + j];
            float b0 = bias == null ? 0f : bias[j];
            int wr = j * k;
            int i = 0;
            if (k >= 3) {
                tap3From(o, b0, in[in0], in[in0 + 1], in[in0 + 2], wt[wr], wt[wr + 1], wt[wr + 2], len);
                i = 3;
            } else {
                Arrays.fill(o, 0, len, b0);
            }
            for (; i + 2 < k; i += 3) {
                tap3(o, in[in0 + i], in[in0 + i + 1], in[in0 + i + 2], wt[wr + i], wt[wr + i + 1], wt[wr + i + 2], len);
            }
            for (; i < k; i++) {
                axpy(o, in[in0 + i], wt[wr + i], len);
            }
        }
    }

    /** {@code o[i] += w a[i]}. */
    public static void axpy(float[] o, float[] a, float w, int n) {
        for (int i = 0; i < n; i++) {
            o[i] += w * a[i];
        }
    }

    /** {@code sum[i] += a[i]; max[i] = max(max[i], a[i])}. */
    public static void addMax(float[] sum, float[] max, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            sum[i] += a[i];
            max[i] = Math.max(max[i], a[i]);
        }
    }

    /** {@code o[i] *= a[i]}. */
    public static void mulInPlace(float[] o, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            o[i] *= a[i];
        }
    }

    /**
     * LayerNorm over the {@code c} channel rows of each token, for tokens {@code [l0, l1)}; statistics in
     * double ({@code mean}, {@code var}: scratch of at least l1 values), two passes.
     */
    public static void layerNormRows(float[][] x, int c, float[] gamma, float[] beta, float[][] out, double[] mean,
                              double[] var, int l0, int l1) {
        Arrays.fill(mean, l0, l1, 0);
        Arrays.fill(var, l0, l1, 0);
        for (int ci = 0; ci < c; ci++) {
            float[] row = x[ci];
            for (int l = l0; l < l1; l++) {
                mean[l] += row[l];
            }
        }
        for (int l = l0; l < l1; l++) {
            mean[l] /= c;
        }
        for (int ci = 0; ci < c; ci++) {
            float[] row = x[ci];
            for (int l = l0; l < l1; l++) {
                double d = row[l] - mean[l];
                var[l] += d * d;
            }
        }
        for (int l = l0; l < l1; l++) {
            var[l] = 1.0 / Math.sqrt(var[l] / c + LN_EPS); // now the reciprocal std
        }
        for (int ci = 0; ci < c; ci++) {
            float[] row = x[ci];
            float[] o = out[ci];
            float g = gamma[ci];
            float b = beta[ci];
            for (int l = l0; l < l1; l++) {
                o[l] = (float) ((row[l] - mean[l]) * var[l]) * g + b;
            }
        }
    }
}
