package org.dermaseg.inference.engine.purejava.lightm;

import java.util.Arrays;

import org.dermaseg.inference.engine.purejava.Conv3x3;
import org.dermaseg.inference.engine.purejava.Parallel;

/** The convolutions and pooling of LightM-UNet on C planes held flat (NCHW of one image). */
final class DenseOps {
    private DenseOps() {
    }

    /** 3x3 convolution, padding 1, no bias (bias = zeros), by {@link Conv3x3#tiled}. */
    static void conv3x3(Parallel par, LightMWorkspace ws, float[] in, int cin, int h, int w, float[] wt, float[] bias,
                        int cout, float[] out) {
        conv3x3(par, ws, in, 0, cin, h, w, wt, bias, cout, out);
    }

    /** As above, the input starting at {@code inOff} (one image of a batch). */
    static void conv3x3(Parallel par, LightMWorkspace ws, float[] in, int inOff, int cin, int h, int w, float[] wt,
                        float[] bias, int cout, float[] out) {
        float[] pad = ws.pad;
        par.range(cin, 1, (c0, c1) -> Conv3x3.pad(in, inOff, h, w, pad, c0, c1));
        int rows = Conv3x3.tileRows(h, w, par.threads());
        int tiles = (h + rows - 1) / rows;
        par.range(tiles, 1, (slot, t0, t1) -> Conv3x3.tiled(pad, cin, h, w, wt, bias, cout, out, 0, rows, ws.conv[slot],
                t0, t1));
    }

    /** 1x1 convolution without bias: {@code out[o] = sum_c w[o, c] in[c]} over planes of {@code plane} values. */
    static void conv1x1(Parallel par, float[] in, int cin, int plane, float[] wt, int cout, float[] out) {
        par.range(cout, 1, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                int ob = o * plane;
                Arrays.fill(out, ob, ob + plane, 0f);
                for (int c = 0; c < cin; c++) {
                    float k = wt[o * cin + c];
                    int ib = c * plane;
                    for (int i = 0; i < plane; i++) {
                        out[ob + i] += k * in[ib + i];
                    }
                }
            }
        });
    }

    /** 2x2 max pooling, stride 2, of {@code c} planes h x w (both even). */
    static void maxPool2(Parallel par, float[] in, int c, int h, int w, float[] out) {
        int ph = h / 2;
        int pw = w / 2;
        par.range(c * ph, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ch = r / ph;
                int y = r - ch * ph;
                int a = ch * h * w + 2 * y * w;
                int b = a + w;
                int o = r * pw;
                for (int x = 0; x < pw; x++) {
                    out[o + x] = Math.max(Math.max(in[a + 2 * x], in[a + 2 * x + 1]),
                            Math.max(in[b + 2 * x], in[b + 2 * x + 1]));
                }
            }
        });
    }

    /** {@code x += y} over {@code n} values. */
    static void addInPlace(Parallel par, float[] x, float[] y, int n) {
        par.range(n, 16384, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                x[i] += y[i];
            }
        });
    }
}
