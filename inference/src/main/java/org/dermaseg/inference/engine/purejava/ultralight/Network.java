package org.dermaseg.inference.engine.purejava.ultralight;

import java.util.Arrays;

import org.dermaseg.inference.engine.purejava.Conv3x3;
import org.dermaseg.inference.engine.purejava.Fn;
import org.dermaseg.inference.engine.purejava.Kernels;
import org.dermaseg.inference.engine.purejava.Parallel;

/**
 * UltraLight VM-UNet's forward pass ({@code forward} in model/vmunet.py) on one image, with the buffers of a
 * {@link Workspace} and the threads of a {@link Parallel}:
 * <pre>
 *   t_i = GELU(maxpool2(GN(enc_i(x))))          i = 1..5 (enc1..3: 3x3 conv; enc4, enc5: PVM)
 *   x6  = GELU(enc6(t5))                          (PVM)
 *   t'  = SC-Att bridge(t1..t5)
 *   o5 = GELU(GN(dec1(x6))) + t5'
 *   o4 = GELU(up(GN(dec2(o5)))) + t4'   ...   o1 = GELU(up(GN(dec5(o2)))) + t1'
 *   p  = sigmoid(up(final(o1)))
 * </pre>
 * GroupNorm is folded into a per-channel affine map once its statistics are known; max-pooling of that map
 * takes the max (or, for a negative scale, the min) of the raw values, so the full-resolution activations
 * are read once.
 */
final class Network {
    final Weights weights;
    final int height;
    final int width;
    final PvmLayer[] pvms;      // encoder4, encoder5, encoder6, decoder1, decoder2, decoder3
    final int[] pvmTokens;
    private final Kernels.UpTable[] upY = new Kernels.UpTable[5];  // [s - 1]: from height H >> s
    private final Kernels.UpTable[] upX = new Kernels.UpTable[5];  // [s - 1]: from width W >> s

    Network(Weights weights, int height, int width) {
        this.weights = weights;
        this.height = height;
        this.width = width;
        this.pvms = new PvmLayer[] {new PvmLayer(weights.encPvm[0]), new PvmLayer(weights.encPvm[1]),
                new PvmLayer(weights.encPvm[2]), new PvmLayer(weights.decPvm[0]), new PvmLayer(weights.decPvm[1]),
                new PvmLayer(weights.decPvm[2])};
        int p = height * width;
        this.pvmTokens = new int[] {p / 64, p / 256, p / 1024, p / 1024, p / 1024, p / 256};
        // upsampling from the resolution of level s (H >> s), s = 1..5, indexed s - 1
        for (int s = 1; s <= 5; s++) {
            upY[s - 1] = Kernels.UpTable.of(height >> s);
            upX[s - 1] = Kernels.UpTable.of(width >> s);
        }
    }

    /** Probabilities (H x W at outOff) of one image (3 x H x W at inOff). */
    void forward(Parallel par, Workspace ws, float[] in, int inOff, float[] out, int outOff) {
        Weights wt = weights;
        int[] c = wt.ch;

        // encoder levels 1..3: conv3x3 -> GroupNorm -> maxpool -> GELU
        float[] src = in;
        int srcOff = inOff;
        int cin = 3;
        int h = height;
        int w = width;
        for (int i = 0; i < 3; i++) {
            conv3x3(par, ws, src, srcOff, cin, h, w, wt.encConv[i], ws.act);
            normPoolGelu(par, ws, c[i], h, w, wt.ebn[i], ws.skip[i]);
            src = ws.skip[i];
            srcOff = 0;
            cin = c[i];
            h /= 2;
            w /= 2;
        }
        // levels 4, 5: PVM -> GroupNorm -> maxpool -> GELU
        for (int i = 3; i < 5; i++) {
            pvms[i - 3].forward(par, ws, ws.skip[i - 1], 0, h * w, ws.act, 0);
            normPoolGelu(par, ws, c[i], h, w, wt.ebn[i], ws.skip[i]);
            h /= 2;
            w /= 2;
        }
        // bottom: GELU(encoder6(t5)), before the bridge rewrites t5
        int bottomPlane = h * w;
        pvms[2].forward(par, ws, ws.skip[4], 0, bottomPlane, ws.bottom, 0);
        float[] bottom = ws.bottom;
        par.range(c[5], 8, (c0, c1) -> {
            for (int i = c0 * bottomPlane; i < c1 * bottomPlane; i++) {
                bottom[i] = Fn.gelu(bottom[i]);
            }
        });

        bridge(par, ws);

        // decoder1: o5 = GELU(GN(dec1(x6))) + t5', in place in skip[4]
        pvms[3].forward(par, ws, bottom, 0, bottomPlane, ws.act, 0);
        groupNorm(par, ws, c[4], bottomPlane, wt.dbn[0]);
        float[] act = ws.act;
        float[] t5 = ws.skip[4];
        float[] sc = ws.scale;
        float[] sh = ws.shift;
        par.range(c[4], 8, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                float a = sc[ch];
                float b = sh[ch];
                for (int i = ch * bottomPlane; i < (ch + 1) * bottomPlane; i++) {
                    t5[i] = Fn.gelu(a * act[i] + b) + t5[i];
                }
            }
        });
        // decoder2, decoder3 (PVM) and decoder4, decoder5 (conv): GN -> up x2 -> GELU -> + skip, in place
        pvms[4].forward(par, ws, ws.skip[4], 0, bottomPlane, ws.act, 0);
        normUpGeluAdd(par, ws, c[3], 5, wt.dbn[1], ws.skip[3]);
        pvms[5].forward(par, ws, ws.skip[3], 0, (height >> 4) * (width >> 4), ws.act, 0);
        normUpGeluAdd(par, ws, c[2], 4, wt.dbn[2], ws.skip[2]);
        conv3x3(par, ws, ws.skip[2], 0, c[2], height >> 3, width >> 3, wt.decConv[0], ws.act);
        normUpGeluAdd(par, ws, c[1], 3, wt.dbn[3], ws.skip[1]);
        conv3x3(par, ws, ws.skip[1], 0, c[1], height >> 2, width >> 2, wt.decConv[1], ws.act);
        normUpGeluAdd(par, ws, c[0], 2, wt.dbn[4], ws.skip[0]);

        // final 1x1 conv at half resolution, then up x2 and sigmoid
        int half = (height >> 1) * (width >> 1);
        float[] o1 = ws.skip[0];
        float[] logits = ws.logits;
        float[] fw = wt.fin.w();
        float fb = wt.fin.b()[0];
        int c0n = c[0];
        par.range(half, 4096, (p0, p1) -> {
            Arrays.fill(logits, p0, p1, fb);
            for (int ch = 0; ch < c0n; ch++) {
                float k = fw[ch];
                int base = ch * half;
                for (int p = p0; p < p1; p++) {
                    logits[p] += k * o1[base + p];
                }
            }
        });
        Kernels.UpTable ty = upY[0];
        Kernels.UpTable tx = upX[0];
        int hh = height >> 1;
        int hw = width >> 1;
        par.range(height, 16, (slot, r0, r1) -> Kernels.upsample(logits, 0, hh, hw, ty, tx, out, outOff, 2, null, 0,
                ws.rowA[slot], ws.rowB[slot], r0, r1));
    }

    private static void conv3x3(Parallel par, Workspace ws, float[] in, int inOff, int cin, int h, int w,
                                Weights.Conv cv, float[] out) {
        float[] pad = ws.pad;
        par.range(cin, 1, (c0, c1) -> Conv3x3.pad(in, inOff, h, w, pad, c0, c1));
        int rows = Conv3x3.tileRows(h, w, par.threads());
        int tiles = (h + rows - 1) / rows;
        par.range(tiles, 1, (slot, t0, t1) -> Conv3x3.tiled(pad, cin, h, w, cv.w(), cv.b(), cv.out(), out, 0,
                rows, ws.conv[slot], t0, t1));
    }

    /** ws.act (ch x h x w) -> GroupNorm -> 2x2 maxpool -> GELU -> dst (ch x h/2 x w/2). */
    private void normPoolGelu(Parallel par, Workspace ws, int ch, int h, int w, Weights.Norm norm, float[] dst) {
        float[] act = ws.act;
        par.range(ch, 1, (c0, c1) -> Kernels.statsAndPool(act, 0, h, w, ws.sum, ws.sq, dst, ws.poolMin, 0, c0, c1));
        Kernels.groupNormAffine(ws.sum, ws.sq, ch, weights.groups, h * w, norm.w(), norm.b(), ws.scale, ws.shift);
        int plane = (h / 2) * (w / 2);
        par.range(ch, 1, (c0, c1) -> Kernels.affinePoolGelu(dst, ws.poolMin, 0, plane, ws.scale, ws.shift, dst, c0, c1));
    }

    /** GroupNorm statistics of ws.act (ch x plane) into ws.scale / ws.shift. */
    private void groupNorm(Parallel par, Workspace ws, int ch, int plane, Weights.Norm norm) {
        float[] act = ws.act;
        par.range(ch, Math.max(1, 4096 / plane), (c0, c1) -> Kernels.planeStats(act, 0, plane, ws.sum, ws.sq, c0, c1));
        Kernels.groupNormAffine(ws.sum, ws.sq, ch, weights.groups, plane, norm.w(), norm.b(), ws.scale, ws.shift);
    }

    /** ws.act at level s (ch x H>>s x W>>s): GN, up x2, GELU, + skip (level s-1), written into skip. */
    private void normUpGeluAdd(Parallel par, Workspace ws, int ch, int s, Weights.Norm norm, float[] skip) {
        int h = height >> s;
        int w = width >> s;
        int plane = h * w;
        groupNorm(par, ws, ch, plane, norm);
        float[] act = ws.act;
        par.range(ch, Math.max(1, 4096 / plane), (c0, c1) -> Kernels.affine(act, 0, plane, ws.scale, ws.shift, false, c0, c1));
        Kernels.UpTable ty = upY[s - 1];
        Kernels.UpTable tx = upX[s - 1];
        par.range(ch * 2 * h, 8, (slot, r0, r1) -> Kernels.upsample(act, 0, h, w, ty, tx, skip, 0, 1, skip, 0,
                ws.rowA[slot], ws.rowB[slot], r0, r1));
    }

    /** {@code dst[x] = src[x + shift]} where that lies in {@code [0, w)}, else 0. */
    private static void shiftRow(float[] src, float[] dst, int shift, int w) {
        int x0 = Math.max(0, -shift);
        int x1 = Math.min(w, w - shift);
        if (x1 <= x0) {
            Arrays.fill(dst, 0, w, 0f);
            return;
        }
        Arrays.fill(dst, 0, x0, 0f);
        System.arraycopy(src, x0 + shift, dst, x0, x1 - x0);
        Arrays.fill(dst, x1, w, 0f);
    }

    /**
     * Spatial-then-channel attention bridge on t1..t5, in place:
     * {@code s = sigmoid(conv7x7d3([mean_c t, max_c t]))}, {@code t2 = s*t + t},
     * {@code c = sigmoid(att_i(conv1d(concat(mean_hw t2))))}, {@code t' = c * t2 + s*t}.
     */
    private void bridge(Parallel par, Workspace ws) {
        Weights wt = weights;
        int[] c = wt.ch;
        int chOff = 0;
        for (int lv = 0; lv < 5; lv++) {
            int h = height >> (lv + 1);
            int w = width >> (lv + 1);
            int plane = h * w;
            int ch = c[lv];
            float[] t = ws.skip[lv];
            float[] s = ws.sat[lv];
            // [mean_c, max_c] rows, written as 7 column-shifted copies (one per kx of the dilated kernel) with
            // the 9-pixel zero border: every tap of the 7x7 conv is then an aligned row operation
            float[][][][] sh = ws.satShift;
            par.range(2 * 7 * 9, 16, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    int plane2 = i / 63;
                    int kx = (i / 9) % 7;
                    int row = i % 9;
                    Arrays.fill(sh[plane2][kx][row], 0, w, 0f);
                    Arrays.fill(sh[plane2][kx][h + 9 + row], 0, w, 0f);
                }
            });
            par.range(h, 8, (slot, y0, y1) -> {
                float[] mean = ws.rowA[slot];
                float[] max = ws.rowB[slot];
                float[] tmp = ws.rowC[slot];
                for (int y = y0; y < y1; y++) {
                    int r = y * w;
                    System.arraycopy(t, r, mean, 0, w);
                    System.arraycopy(t, r, max, 0, w);
                    for (int k = 1; k < ch; k++) {
                        System.arraycopy(t, k * plane + r, tmp, 0, w);
                        Kernels.addMax(mean, max, tmp, w);
                    }
                    for (int x = 0; x < w; x++) {
                        mean[x] = mean[x] / ch;
                    }
                    for (int kx = 0; kx < 7; kx++) {
                        shiftRow(mean, sh[0][kx][y + 9], 3 * kx - 9, w);
                        shiftRow(max, sh[1][kx][y + 9], 3 * kx - 9, w);
                    }
                }
            });
            float[] sw = wt.sattW;
            float sb = wt.sattB;
            par.range(h, 8, (slot, y0, y1) -> {
                float[] acc = ws.rowA[slot];
                for (int y = y0; y < y1; y++) {
                    Arrays.fill(acc, 0, w, sb);
                    for (int ci = 0; ci < 2; ci++) {
                        float[][][] p = sh[ci];
                        for (int ky = 0; ky < 7; ky++) {
                            int row = y + 3 * ky;
                            int k = (ci * 7 + ky) * 7;
                            Kernels.tap3(acc, p[0][row], p[1][row], p[2][row], sw[k], sw[k + 1], sw[k + 2], w);
                            Kernels.tap3(acc, p[3][row], p[4][row], p[5][row], sw[k + 3], sw[k + 4], sw[k + 5], w);
                            Kernels.axpy(acc, p[6][row], sw[k + 6], w);
                        }
                    }
                    int o = y * w;
                    for (int x = 0; x < w; x++) {
                        s[o + x] = Fn.sigmoid(acc[x]);
                    }
                }
            });
            float[] pooled = ws.pooled;
            int off = chOff;
            par.range(ch, 4, (c0, c1) -> {
                for (int k = c0; k < c1; k++) {
                    double sum = 0;
                    int b = k * plane;
                    for (int i = 0; i < plane; i++) {
                        float v = t[b + i];
                        float st = s[i] * v;
                        sum += st + v;
                    }
                    pooled[off + k] = (float) (sum / plane);
                }
            });
            chOff += ch;
        }
        // channel attention: shared conv1d (k3, pad 1, no bias) over the concatenated means, then one Linear each
        int total = chOff;
        float[] pooled = ws.pooled;
        float[] att = ws.att;
        float[] k3 = wt.cattConv;
        for (int j = 0; j < total; j++) {
            float left = j > 0 ? pooled[j - 1] : 0f;
            float right = j < total - 1 ? pooled[j + 1] : 0f;
            att[j] = k3[0] * left + k3[1] * pooled[j] + k3[2] * right;
        }
        chOff = 0;
        for (int lv = 0; lv < 5; lv++) {
            float[] aw = wt.attW[lv];
            float[] ab = wt.attB[lv];
            for (int k = 0; k < c[lv]; k++) {
                float v = ab[k];
                for (int j = 0; j < total; j++) {
                    v += aw[k * total + j] * att[j];
                }
                ws.catt[chOff + k] = Fn.sigmoid(v);
            }
            chOff += c[lv];
        }
        chOff = 0;
        for (int lv = 0; lv < 5; lv++) {
            int plane = (height >> (lv + 1)) * (width >> (lv + 1));
            float[] t = ws.skip[lv];
            float[] s = ws.sat[lv];
            float[] cv = ws.catt;
            int off = chOff;
            par.range(c[lv], Math.max(1, 4096 / plane), (c0, c1) -> {
                for (int k = c0; k < c1; k++) {
                    float a = cv[off + k];
                    int b = k * plane;
                    for (int i = 0; i < plane; i++) {
                        float v = t[b + i];
                        float st = s[i] * v;
                        t[b + i] = a * (st + v) + st;
                    }
                }
            });
            chOff += c[lv];
        }
    }
}
