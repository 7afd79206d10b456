package org.dermaseg.inference.engine.purejava;

import java.util.Arrays;

/**
 * 3x3 convolution, stride 1, zero padding 1, on NCHW planes held flat: two implementations of the same sum.
 * <ul>
 * <li>{@link #tiled}: im2col by tiles of whole output rows, then output channel by output channel
 * accumulated three taps at a time; the engine uses this one.</li>
 * <li>{@link #direct}: the 3x3 stencil straight on the padded planes, two output channels per pass; kept
 * as the measured alternative (bench/ ConvBenchmark) and as a cross-check in the tests.</li>
 * </ul>
 * Why the tiled form wins on HotSpot 17: its superword auto-vectoriser only packs a loop whose arrays are
 * all indexed by the same expression (offsets that are equal, or differ by a multiple of the vector length)
 * and whose body is small (C2 unrolls, and so vectorises, only loops under about 60 IR nodes). The direct
 * stencil reads one array at 9 different offsets and runs scalar, about 5.6 GMAC/s on the development
 * machine at every layer size; the tiled taps {@code o[i] += w0 a[i] + w1 b[i] + w2 c[i]} over separate
 * column arrays run at 9 to 17 GMAC/s (the shorter the rows, the less). Public for the JMH benchmark.
 */
public final class Conv3x3 {
    private Conv3x3() {
    }

    /** Output elements per tile (whole rows), so that a tile's im2col columns stay in L2. */
    public static final int TILE = 1024;

    /** One worker's im2col columns (9 per input channel, one array each) and accumulator for one tile. */
    public static final class Scratch {
        final float[][] col;
        final float[] acc;

        /** For inputs of up to {@code maxCin} channels and tiles of up to {@code tile} elements. */
        public Scratch(int maxCin, int tile) {
            col = new float[9 * maxCin][tile];
            acc = new float[tile];
        }
    }

    /** Copies planes {@code [c0, c1)} of {@code in} (h x w) into {@code pad} as (h+2) x (w+2) planes with a zero border. */
    public static void pad(float[] in, int inOff, int h, int w, float[] pad, int c0, int c1) {
        int pw = w + 2;
        int pp = (h + 2) * pw;
        for (int c = c0; c < c1; c++) {
            int base = c * pp;
            Arrays.fill(pad, base, base + pw, 0f);
            Arrays.fill(pad, base + (h + 1) * pw, base + pp, 0f);
            for (int y = 0; y < h; y++) {
                int row = base + (y + 1) * pw;
                pad[row] = 0f;
                System.arraycopy(in, inOff + (c * h + y) * w, pad, row + 1, w);
                pad[row + w + 1] = 0f;
            }
        }
    }

    /** Rows per tile: about {@link #TILE} elements, and at least one tile per thread. */
    public static int tileRows(int h, int w, int threads) {
        int rows = Math.max(1, TILE / w);
        int perThread = (h + threads - 1) / threads;
        return Math.max(1, Math.min(rows, perThread));
    }

    /**
     * Tiles {@code [t0, t1)} ({@code rows} output rows each) of the convolution of the padded input
     * ({@link #pad}): {@code out[co] = bias[co] + sum_ci sum_k w[co, ci, k] * in[ci]}. Each tile is unrolled
     * into 9 shifted copies per input channel (im2col, each its own array), then every output channel is
     * accumulated from them three taps at a time ({@link Kernels#tap3}).
     */
    public static void tiled(float[] pad, int cin, int h, int w, float[] wt, float[] bias, int cout, float[] out,
                             int outOff, int rows, Scratch sc, int t0, int t1) {
        int pw = w + 2;
        int pp = (h + 2) * pw;
        int plane = h * w;
        float[][] col = sc.col;
        float[] acc = sc.acc;
        for (int tile = t0; tile < t1; tile++) {
            int y0 = tile * rows;
            int y1 = Math.min(h, y0 + rows);
            int n = (y1 - y0) * w;
            for (int ci = 0; ci < cin; ci++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        float[] c = col[(ci * 3 + ky) * 3 + kx];
                        int src = ci * pp + (y0 + ky) * pw + kx;
                        for (int y = 0; y < y1 - y0; y++) {
                            System.arraycopy(pad, src + y * pw, c, y * w, w);
                        }
                    }
                }
            }
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    int k = (co * cin + ci) * 9;
                    int c = ci * 9;
                    if (ci == 0) { // the bias enters with the first three taps (no separate fill pass)
                        Kernels.tap3From(acc, bias[co], col[c], col[c + 1], col[c + 2], wt[k], wt[k + 1], wt[k + 2], n);
                    } else {
                        Kernels.tap3(acc, col[c], col[c + 1], col[c + 2], wt[k], wt[k + 1], wt[k + 2], n);
                    }
                    Kernels.tap3(acc, col[c + 3], col[c + 4], col[c + 5], wt[k + 3], wt[k + 4], wt[k + 5], n);
                    Kernels.tap3(acc, col[c + 6], col[c + 7], col[c + 8], wt[k + 6], wt[k + 7], wt[k + 8], n);
                }
                System.arraycopy(acc, 0, out, outOff + co * plane + y0 * w, n);
            }
        }
    }

    /** Output channels {@code [co0, co1)} by the direct stencil on the padded input, two channels per pass. */
    public static void direct(float[] pad, int cin, int h, int w, float[] wt, float[] bias, float[] out, int outOff,
                              int co0, int co1) {
        int plane = h * w;
        int co = co0;
        for (; co < co1; co += 2) {
            boolean pair = co + 1 < co1;
            int oa = outOff + co * plane;
            int ob = pair ? oa + plane : oa;
            Arrays.fill(out, oa, oa + plane, bias[co]);
            if (pair) {
                Arrays.fill(out, ob, ob + plane, bias[co + 1]);
            }
            for (int ci = 0; ci < cin; ci++) {
                int ka = (co * cin + ci) * 9;
                int kb = pair ? ((co + 1) * cin + ci) * 9 : ka;
                directPair(pad, ci * (h + 2) * (w + 2), h, w, wt, ka, kb, out, oa, ob, pair);
            }
        }
    }

    private static void directPair(float[] pad, int p, int h, int w, float[] wt, int ka, int kb, float[] out, int oa,
                                   int obase, boolean pair) {
        float a0 = wt[ka], a1 = wt[ka + 1], a2 = wt[ka + 2], a3 = wt[ka + 3], a4 = wt[ka + 4], a5 = wt[ka + 5],
                a6 = wt[ka + 6], a7 = wt[ka + 7], a8 = wt[ka + 8];
        float b0 = wt[kb], b1 = wt[kb + 1], b2 = wt[kb + 2], b3 = wt[kb + 3], b4 = wt[kb + 4], b5 = wt[kb + 5],
                b6 = wt[kb + 6], b7 = wt[kb + 7], b8 = wt[kb + 8];
        int pw = w + 2;
        for (int y = 0; y < h; y++) {
            int r0 = p + y * pw;
            int r1 = r0 + pw;
            int r2 = r1 + pw;
            int xa = oa + y * w;
            int xb = obase + y * w;
            for (int x = 0; x < w; x++) {
                float v0 = pad[r0 + x], v1 = pad[r0 + x + 1], v2 = pad[r0 + x + 2];
                float v3 = pad[r1 + x], v4 = pad[r1 + x + 1], v5 = pad[r1 + x + 2];
                float v6 = pad[r2 + x], v7 = pad[r2 + x + 1], v8 = pad[r2 + x + 2];
                out[xa + x] += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3 + a4 * v4 + a5 * v5 + a6 * v6 + a7 * v7 + a8 * v8;
                if (pair) {
                    out[xb + x] += b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3 + b4 * v4 + b5 * v5 + b6 * v6 + b7 * v7 + b8 * v8;
                }
            }
        }
    }
}
