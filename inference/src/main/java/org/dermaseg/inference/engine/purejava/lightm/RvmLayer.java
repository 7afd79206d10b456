package org.dermaseg.inference.engine.purejava.lightm;

import org.dermaseg.inference.engine.purejava.Fn;
import org.dermaseg.inference.engine.purejava.Kernels;
import org.dermaseg.inference.engine.purejava.Parallel;
import org.dermaseg.inference.engine.purejava.SelectiveScan;

/**
 * A Residual Vision Mamba layer ({@code RVMLayer} in model/lightmunet.py) on channel-major tokens (an NCHW
 * image as is, L = H*W row-major): LayerNorm over channels; one Mamba of the full width (in_proj -> x, z;
 * causal depthwise conv1d + SiLU; x_proj -> dt_low, B, C; dt = softplus(dt_proj(dt_low)); selective scan;
 * y * SiLU(z); out_proj) plus skip_scale times the tokens BEFORE the norm; the same LayerNorm again; Linear.
 * The Mamba is the same primitive as in the PVM layer (the first network's) and uses the same kernels ({@link SelectiveScan},
 * {@link Kernels#linearRows}); it differs from the PVM in running one sequence of full width (no channel
 * quarters) and in where the skip is taken. Each channel row is its own array, as in the PVM layer.
 * Parallel over tokens (LayerNorm, transposes), rows (projections) and channels (conv1d, scan): at level 0
 * the scan runs 16 channels of 65,536 tokens, spread over the threads, with no per-token allocation.
 */
final class RvmLayer {
    final LightMWeights.Rvm p;
    final int tokens;

    RvmLayer(LightMWeights.Rvm p, int tokens) {
        this.p = p;
        this.tokens = tokens;
    }

    /** Scratch rows one resolution's RVM layers share (sized for the widest of them). */
    static final class Buffers {
        final float[][] xr;     // input rows (the skip)
        final float[][] xn;     // normalised rows
        final float[][] ym;     // out_proj + skip, then the projection
        final float[][] xz;     // in_proj: rows [0, di) x, [di, 2 di) z (then SiLU(z))
        final float[][] xc;     // conv1d + SiLU, then the scan's output in place
        final float[][] dbc;    // x_proj: dt_low, B, C
        final float[][] dt;
        final float[] bt;       // B token-major (L x d_state)
        final float[] ct;
        final double[] mean;
        final double[] var;
        final float[] scanScratch; // d_inner x SelectiveScan.scratchSize(d_state)

        Buffers(int len, int maxIn, int maxOut, int maxInner, int maxDbc, int dState) {
            xr = new float[maxIn][len];
            xn = new float[maxIn][len];
            ym = new float[Math.max(maxIn, maxOut)][len];
            xz = new float[2 * maxInner][len];
            xc = new float[maxInner][len];
            dbc = new float[maxDbc][len];
            dt = new float[maxInner][len];
            bt = new float[dState * len];
            ct = new float[dState * len];
            mean = new double[len];
            var = new double[len];
            scanScratch = new float[maxInner * SelectiveScan.scratchSize(dState)];
        }
    }

    int dbcRows() {
        return p.dtRank() + 2 * p.dState();
    }

    /** {@code out} (p.out x L, flat at 0) = layer({@code x} (p.in x L, flat at 0)); {@code out} may be {@code x}. */
    void forward(Parallel par, Buffers b, float[] x, float[] out) {
        final int len = tokens;
        final int c = p.in();
        final int di = p.dInner();
        final int n = p.dState();
        final int r = p.dtRank();
        final int tokenGrain = Math.max(256, 8192 / c);

        par.range(c, 1, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                System.arraycopy(x, ch * len, b.xr[ch], 0, len);
            }
        });
        par.range(len, tokenGrain, (l0, l1) -> Kernels.layerNormRows(b.xr, c, p.normW(), p.normB(), b.xn, b.mean,
                b.var, l0, l1));
        par.range(2 * di, 1, (j0, j1) -> Kernels.linearRows(p.inProj(), null, c, b.xn, 0, len, b.xz, 0, j0, j1));
        par.range(di, 1, (d0, d1) -> {
            for (int d = d0; d < d1; d++) {
                causalConvSilu(b.xz[d], b.xc[d], p.convW(), d * p.dConv(), p.dConv(), p.convB()[d], len);
                float[] z = b.xz[di + d];
                for (int l = 0; l < len; l++) {
                    z[l] = Fn.silu(z[l]);
                }
            }
        });
        par.range(r + 2 * n, 1, (j0, j1) -> Kernels.linearRows(p.xProj(), null, di, b.xc, 0, len, b.dbc, 0, j0, j1));
        par.range(di, 1, (d0, d1) -> {
            float[] dw = p.dtW();
            for (int d = d0; d < d1; d++) {
                float[] row = b.dt[d];
                float bias = p.dtB()[d];
                if (r == 1) {
                    float w0 = dw[d];
                    float[] lo = b.dbc[0];
                    for (int l = 0; l < len; l++) {
                        row[l] = Fn.softplus(lo[l] * w0 + bias);
                    }
                } else {
                    for (int l = 0; l < len; l++) {
                        float v = 0f;
                        for (int j = 0; j < r; j++) {
                            v += b.dbc[j][l] * dw[d * r + j];
                        }
                        row[l] = Fn.softplus(v + bias);
                    }
                }
            }
        });
        par.range(len, 4096, (l0, l1) -> {
            for (int s = 0; s < n; s++) {
                float[] bs = b.dbc[r + s];
                float[] cs = b.dbc[r + n + s];
                for (int l = l0; l < l1; l++) {
                    b.bt[l * n + s] = bs[l];
                    b.ct[l * n + s] = cs[l];
                }
            }
        });
        par.range(di, 1, (d0, d1) -> {
            for (int d = d0; d < d1; d++) {
                float[] u = b.xc[d];
                // the scan reads u[l] before it writes y[l]: the output can replace its input
                SelectiveScan.scan(len, n, u, 0, b.dt[d], 0, p.aNeg(), d * n, b.bt, b.ct, 0, p.d()[d], u, 0, b.scanScratch,
                        d * SelectiveScan.scratchSize(n));
                Kernels.mulInPlace(u, b.xz[di + d], len);
            }
        });
        float skip = p.skipScale();
        par.range(c, 1, (j0, j1) -> {
            Kernels.linearRows(p.outProj(), null, di, b.xc, 0, len, b.ym, 0, j0, j1);
            for (int j = j0; j < j1; j++) {
                Kernels.axpy(b.ym[j], b.xr[j], skip, len);
            }
        });
        par.range(len, tokenGrain, (l0, l1) -> Kernels.layerNormRows(b.ym, c, p.normW(), p.normB(), b.xn, b.mean,
                b.var, l0, l1));
        par.range(p.out(), 1, (j0, j1) -> {
            Kernels.linearRows(p.projW(), p.projB(), c, b.xn, 0, len, b.ym, 0, j0, j1);
            for (int j = j0; j < j1; j++) {
                System.arraycopy(b.ym[j], 0, out, j * len, len);
            }
        });
    }

    /** Depthwise causal conv over tokens (left pad k-1, first len outputs) plus bias, then SiLU. */
    static void causalConvSilu(float[] src, float[] dst, float[] w, int wOff, int k, float bias, int len) {
        for (int l = 0; l < len; l++) {
            float v = bias;
            for (int j = 0; j < k; j++) {
                int s = l - (k - 1 - j); // tap j reads token l - (k-1-j)
                if (s >= 0) {
                    v += w[wOff + j] * src[s];
                }
            }
            dst[l] = Fn.silu(v);
        }
    }
}
