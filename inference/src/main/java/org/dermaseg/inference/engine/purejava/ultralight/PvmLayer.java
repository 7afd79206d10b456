package org.dermaseg.inference.engine.purejava.ultralight;

import java.util.Arrays;

import org.dermaseg.inference.engine.purejava.Fn;
import org.dermaseg.inference.engine.purejava.Kernels;
import org.dermaseg.inference.engine.purejava.Parallel;
import org.dermaseg.inference.engine.purejava.SelectiveScan;

/**
 * A Parallel Vision Mamba layer ({@code PVMLayer} in model/vmunet.py) on channel-major tokens
 * (C x L, L = H*W row-major, i.e. an NCHW image as is):
 * LayerNorm over channels; the 4 channel quarters, as 4 sequences, through one shared Mamba
 * (in_proj -> x, z; causal depthwise conv1d + SiLU; x_proj -> dt_low, B, C; dt = softplus(dt_proj(dt_low));
 * selective scan; y * SiLU(z); out_proj) plus skip_scale * quarter; the same LayerNorm again; Linear to the
 * output channels. Inside the layer every channel row is its own array (see {@link Kernels#linearRows}).
 * Parallel over tokens (LayerNorm), quarters (projections), (quarter, channel) pairs (scan) and output rows.
 */
final class PvmLayer {
    static final int QUARTERS = 4;

    final Weights.Pvm p;

    PvmLayer(Weights.Pvm p) {
        this.p = p;
    }

    /** Rows of the (2 d_inner) x L in_proj output. */
    int xzRows() {
        return 2 * p.dInner();
    }

    /** Rows of the x_proj output (dt_low, B, C). */
    int dbcRows() {
        return p.dtRank() + 2 * p.dState();
    }

    /** {@code out} (p.out x len at outOff, flat) = layer({@code x} (p.in x len at xOff, flat)). */
    void forward(Parallel par, Workspace ws, float[] x, int xOff, int len, float[] out, int outOff) {
        final int c = p.in();
        final int q = p.dModel();
        final int di = p.dInner();
        final int n = p.dState();
        final float[][] xn = ws.pvmNorm;
        final float[][] ym = ws.pvmMix;
        int tokenGrain = Math.max(16, 8192 / c);

        par.range(c, 8, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                System.arraycopy(x, xOff + ch * len, ym[ch], 0, len);
            }
        });
        par.range(len, tokenGrain, (l0, l1) -> Kernels.layerNormRows(ym, c, p.normW(), p.normB(), xn, ws.tokMean,
                ws.tokVar, l0, l1));
        par.range(QUARTERS, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                mambaIn(ws, k, len);
            }
        });
        par.range(QUARTERS * di, 1, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int k = i / di;
                int d = i - k * di;
                float[] y = ws.qY[k][d];
                SelectiveScan.scan(len, n, ws.qXc[k][d], 0, ws.qDt[k][d], 0, p.aNeg(), d * n, ws.qBt[k], ws.qCt[k], 0,
                        p.d()[d], y, 0, ws.scanScratch, i * SelectiveScan.scratchSize(n));
                Kernels.mulInPlace(y, ws.qXz[k][di + d], len); // rows di.. hold SiLU(z)
            }
        });
        par.range(QUARTERS, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                Kernels.linearRows(p.outProj(), null, di, ws.qY[k], 0, len, ym, k * q, 0, q);
                for (int j = k * q; j < (k + 1) * q; j++) {
                    Kernels.axpy(ym[j], xn[j], p.skipScale(), len);
                }
            }
        });
        // the same LayerNorm again (into xn, free now), the projection (into ym, free now), out to flat
        par.range(len, tokenGrain, (l0, l1) -> Kernels.layerNormRows(ym, c, p.normW(), p.normB(), xn, ws.tokMean,
                ws.tokVar, l0, l1));
        par.range(p.out(), 1, (j0, j1) -> {
            Kernels.linearRows(p.projW(), p.projB(), c, xn, 0, len, ym, 0, j0, j1);
            for (int j = j0; j < j1; j++) {
                System.arraycopy(ym[j], 0, out, outOff + j * len, len);
            }
        });
    }

    /** Quarter k: in_proj, causal conv1d + SiLU, x_proj, dt, B/C transposed to token-major, SiLU(z). */
    private void mambaIn(Workspace ws, int k, int len) {
        final int q = p.dModel();
        final int di = p.dInner();
        final int n = p.dState();
        final int r = p.dtRank();
        final int kc = p.dConv();
        float[][] xz = ws.qXz[k];
        float[][] xc = ws.qXc[k];
        float[][] dbc = ws.qDbc[k];
        float[][] dt = ws.qDt[k];
        float[] bt = ws.qBt[k];
        float[] ct = ws.qCt[k];

        Kernels.linearRows(p.inProj(), null, q, ws.pvmNorm, k * q, len, xz, 0, 0, 2 * di);

        // depthwise causal conv over tokens: left pad kc-1, keep the first len outputs; tap by tap on a
        // shifted copy, so that each pass is a plain vectorisable axpy
        float[] cw = p.convW();
        float[] cb = p.convB();
        float[] shifted = ws.qShift[k];
        for (int d = 0; d < di; d++) {
            float[] src = xz[d];
            float[] dst = xc[d];
            Arrays.fill(dst, 0, len, cb[d]);
            for (int j = 0; j < kc; j++) {
                int s = kc - 1 - j; // tap j reads token l - s
                float wj = cw[d * kc + j];
                if (s == 0) {
                    Kernels.axpy(dst, src, wj, len);
                } else if (s < len) {
                    Arrays.fill(shifted, 0, s, 0f);
                    System.arraycopy(src, 0, shifted, s, len - s);
                    Kernels.axpy(dst, shifted, wj, len);
                }
            }
            for (int l = 0; l < len; l++) {
                dst[l] = Fn.silu(dst[l]);
            }
        }

        Kernels.linearRows(p.xProj(), null, di, xc, 0, len, dbc, 0, 0, r + 2 * n);

        float[] dw = p.dtW();
        float[] db = p.dtB();
        for (int d = 0; d < di; d++) {
            float[] row = dt[d];
            // dt_proj row by row over the tokens (a vectorisable axpy per rank) rather than a dot product per token
            Arrays.fill(row, 0, len, 0f);
            for (int j = 0; j < r; j++) {
                Kernels.axpy(row, dbc[j], dw[d * r + j], len);
            }
            float bias = db[d];
            for (int l = 0; l < len; l++) {
                row[l] = Fn.softplus(row[l] + bias);
            }
        }
        for (int s = 0; s < n; s++) {
            float[] b = dbc[r + s];
            float[] c = dbc[r + n + s];
            for (int l = 0; l < len; l++) {
                bt[l * n + s] = b[l];
                ct[l * n + s] = c[l];
            }
        }
        for (int d = di; d < 2 * di; d++) {
            float[] z = xz[d];
            for (int l = 0; l < len; l++) {
                z[l] = Fn.silu(z[l]);
            }
        }
    }
}
