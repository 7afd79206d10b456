package org.dermaseg.inference.engine.purejava;

/**
 * A Parallel Vision Mamba layer ({@code PVMLayer} in model/vmunet.py) on channel-major tokens
 * (C x L, L = H*W row-major, i.e. an NCHW image as is):
 * LayerNorm over channels; the 4 channel quarters, as 4 sequences, through one shared Mamba
 * (in_proj -> x, z; causal depthwise conv1d + SiLU; x_proj -> dt_low, B, C; dt = softplus(dt_proj(dt_low));
 * selective scan; y * SiLU(z); out_proj) plus skip_scale * quarter; the same LayerNorm again; Linear to the
 * output channels.
 */
final class PvmLayer {
    static final int QUARTERS = 4;

    final Weights.Pvm p;

    PvmLayer(Weights.Pvm p) {
        this.p = p;
    }

    /** Scratch floats this layer needs per quarter for {@code len} tokens, by kind (see {@link Workspace}). */
    int xzSize(int len) {
        return 2 * p.dInner() * len;
    }

    int dbcSize(int len) {
        return (p.dtRank() + 2 * p.dState()) * len;
    }

    int innerSize(int len) {
        return p.dInner() * len;
    }

    int stateTokens(int len) {
        return p.dState() * len;
    }

    /** {@code out} (p.out x len at outOff) = layer({@code x} (p.in x len at xOff)). */
    void forward(Parallel par, Workspace ws, float[] x, int xOff, int len, float[] out, int outOff) {
        final int c = p.in();
        final int q = p.dModel();
        final int di = p.dInner();
        final int n = p.dState();
        final float[] xn = ws.pvmNorm;
        final float[] ym = ws.pvmMix;
        int tokenGrain = Math.max(1, 8192 / c);

        par.range(len, tokenGrain, (l0, l1) -> Kernels.layerNorm(x, xOff, c, len, p.normW(), p.normB(), xn, 0, l0, l1));
        par.range(QUARTERS, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                mambaIn(ws, k, len);
            }
        });
        par.range(QUARTERS * di, 1, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int k = i / di;
                int d = i - k * di;
                float[] y = ws.qY[k];
                SelectiveScan.scan(len, n, ws.qXc[k], d * len, ws.qDt[k], d * len, p.aNeg(), d * n, ws.qBt[k],
                        ws.qCt[k], 0, p.d()[d], y, d * len, ws.scanState, i * n);
                float[] z = ws.qXz[k];
                int zo = (di + d) * len;
                int yo = d * len;
                for (int l = 0; l < len; l++) {
                    y[yo + l] *= z[zo + l];   // z already holds SiLU(z)
                }
            }
        });
        par.range(QUARTERS, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                int off = k * q * len;
                Kernels.linear(p.outProj(), null, di, ws.qY[k], 0, len, ym, off, 0, q);
                float skip = p.skipScale();
                for (int i = off; i < off + q * len; i++) {
                    ym[i] += skip * xn[i];
                }
            }
        });
        // the same LayerNorm again (xn is free now), then the projection
        par.range(len, tokenGrain, (l0, l1) -> Kernels.layerNorm(ym, 0, c, len, p.normW(), p.normB(), xn, 0, l0, l1));
        par.range(p.out(), 1, (j0, j1) -> Kernels.linear(p.projW(), p.projB(), c, xn, 0, len, out, outOff, j0, j1));
    }

    /** Quarter k: in_proj, causal conv1d + SiLU, x_proj, dt, B/C transposed to token-major, SiLU(z). */
    private void mambaIn(Workspace ws, int k, int len) {
        final int q = p.dModel();
        final int di = p.dInner();
        final int n = p.dState();
        final int r = p.dtRank();
        final int kc = p.dConv();
        float[] xz = ws.qXz[k];
        float[] xc = ws.qXc[k];
        float[] dbc = ws.qDbc[k];
        float[] dt = ws.qDt[k];
        float[] bt = ws.qBt[k];
        float[] ct = ws.qCt[k];

        Kernels.linear(p.inProj(), null, q, ws.pvmNorm, k * q * len, len, xz, 0, 0, 2 * di);

        // depthwise causal conv over tokens: left pad kc-1, keep the first len outputs
        float[] cw = p.convW();
        float[] cb = p.convB();
        for (int d = 0; d < di; d++) {
            int row = d * len;
            int wo = d * kc;
            for (int l = 0; l < len; l++) {
                float v = cb[d];
                for (int j = Math.max(0, kc - 1 - l); j < kc; j++) {
                    v += cw[wo + j] * xz[row + l - (kc - 1) + j];
                }
                xc[row + l] = Fn.silu(v);
            }
        }

        Kernels.linear(p.xProj(), null, di, xc, 0, len, dbc, 0, 0, r + 2 * n);

        float[] dw = p.dtW();
        float[] db = p.dtB();
        for (int d = 0; d < di; d++) {
            int row = d * len;
            for (int l = 0; l < len; l++) {
                float v = 0f;
                for (int j = 0; j < r; j++) {
                    v += dbc[j * len + l] * dw[d * r + j];
                }
                dt[row + l] = Fn.softplus(v + db[d]);
            }
        }
        for (int s = 0; s < n; s++) {
            int bRow = (r + s) * len;
            int cRow = (r + n + s) * len;
            for (int l = 0; l < len; l++) {
                bt[l * n + s] = dbc[bRow + l];
                ct[l * n + s] = dbc[cRow + l];
            }
        }
        for (int i = di * len; i < 2 * di * len; i++) {
            xz[i] = Fn.silu(xz[i]);
        }
    }
}
