package org.dermaseg.inference.engine.purejava;

/**
 * The Mamba selective scan for one channel of one sequence, exactly the recurrence of
 * {@code model/scan.py selective_scan_ref}:
 * <pre>
 *   h_l[n] = exp(dt_l * A[n]) * h_{l-1}[n] + dt_l * B_l[n] * u_l      (h_{-1} = 0)
 *   y_l    = sum_n C_l[n] * h_l[n] + D * u_l
 * </pre>
 * Sequential along the tokens by nature; callers run different (sequence, channel) pairs on different
 * threads. B and C are token-major ({@code len x n}) so that each token's states are contiguous; u, dt and
 * y are one channel's {@code len} values. Public for the JMH benchmark.
 */
public final class SelectiveScan {
    private SelectiveScan() {
    }

    /** Tokens whose decays are computed together (one SIMD-friendly loop over {@code BLOCK * n} values). */
    static final int BLOCK = 32;

    /** Floats of scratch one {@link #scan} needs for {@code n} states: the state and a block of decays. */
    public static int scratchSize(int n) {
        return n * (1 + BLOCK);
    }

    /**
     * @param len    tokens
     * @param n      states (d_state)
     * @param u      input (after conv1d + SiLU) at {@code uOff}, {@code len} values
     * @param dt     step sizes (after softplus) at {@code dtOff}, {@code len} values
     * @param aNeg   A = -exp(A_log) for this channel at {@code aOff}, {@code n} values (negative)
     * @param bt     B token-major at {@code bcOff}: {@code bt[bcOff + l * n + s]}
     * @param ct     C token-major, same layout and offset as {@code bt}
     * @param d      the skip weight D of this channel
     * @param y      output at {@code yOff}, {@code len} values; may be {@code u} itself (u[l] is read before y[l]
     *               is written)
     * @param scratch {@link #scratchSize}{@code (n)} floats at {@code sOff} (overwritten): the state h, then the
     *               decays of a block of tokens
     */
    public static void scan(int len, int n, float[] u, int uOff, float[] dt, int dtOff, float[] aNeg, int aOff,
                            float[] bt, float[] ct, int bcOff, float d, float[] y, int yOff, float[] scratch, int sOff) {
        if (n == 16) {
            scan16(len, u, uOff, dt, dtOff, aNeg, aOff, bt, ct, bcOff, d, y, yOff, scratch, sOff + n);
        } else {
            scanAnyN(len, n, u, uOff, dt, dtOff, aNeg, aOff, bt, ct, bcOff, d, y, yOff, scratch, sOff);
        }
    }

    /** {@link #scan} for any number of states, the state in {@code scratch}; package-private for the test that
     *  {@link #scan16} gives the same floats. */
    static void scanAnyN(int len, int n, float[] u, int uOff, float[] dt, int dtOff, float[] aNeg, int aOff,
                         float[] bt, float[] ct, int bcOff, float d, float[] y, int yOff, float[] scratch, int sOff) {
        final int hOff = sOff;
        final int eOff = sOff + n;
        for (int s = 0; s < n; s++) {
            scratch[hOff + s] = 0f;
        }
        int n4 = n & ~3;
        for (int l0 = 0; l0 < len; l0 += BLOCK) {
            int l1 = Math.min(len, l0 + BLOCK);
            // the decays exp(dt_l * A[s]) of the whole block first: that loop vectorises, one exp per call did not
            decays(n, dt, dtOff, aNeg, aOff, scratch, eOff, l0, l1);
            for (int l = l0; l < l1; l++) {
                float dtv = dt[dtOff + l];
                float uv = u[uOff + l];
                float dtu = dtv * uv;
                int bo = bcOff + l * n;
                int eo = eOff + (l - l0) * n;
                // four partial sums: the dot product C.h is otherwise one long chain of dependent adds
                float acc0 = 0f;
                float acc1 = 0f;
                float acc2 = 0f;
                float acc3 = 0f;
                int s = 0;
                for (; s < n4; s += 4) {
                    int hs = hOff + s;
                    int es = eo + s;
                    int b = bo + s;
                    float h0 = scratch[es] * scratch[hs] + dtu * bt[b];
                    float h1 = scratch[es + 1] * scratch[hs + 1] + dtu * bt[b + 1];
                    float h2 = scratch[es + 2] * scratch[hs + 2] + dtu * bt[b + 2];
                    float h3 = scratch[es + 3] * scratch[hs + 3] + dtu * bt[b + 3];
                    scratch[hs] = h0;
                    scratch[hs + 1] = h1;
                    scratch[hs + 2] = h2;
                    scratch[hs + 3] = h3;
                    acc0 += h0 * ct[b];
                    acc1 += h1 * ct[b + 1];
                    acc2 += h2 * ct[b + 2];
                    acc3 += h3 * ct[b + 3];
                }
                for (; s < n; s++) {
                    float hs = scratch[eo + s] * scratch[hOff + s] + dtu * bt[bo + s];
                    scratch[hOff + s] = hs;
                    acc0 += hs * ct[bo + s];
                }
                y[yOff + l] = ((acc0 + acc1) + (acc2 + acc3)) + d * uv;
            }
        }
    }

    /** The decays {@code exp(dt_l * A[s])} of tokens {@code [l0, l1)} into {@code e} at {@code eOff}, token-major. */
    private static void decays(int n, float[] dt, int dtOff, float[] aNeg, int aOff, float[] e, int eOff, int l0,
                               int l1) {
        for (int l = l0; l < l1; l++) {
            float dtv = dt[dtOff + l];
            int eo = eOff + (l - l0) * n;
            for (int s = 0; s < n; s++) {
                e[eo + s] = dtv * aNeg[aOff + s];
            }
        }
        Fn.expNonPositiveInPlace(e, eOff, (l1 - l0) * n);
    }

    /**
     * {@link #scan} for d_state = 16 (both shipped models): the 16 states live in local variables for the whole
     * sequence instead of being stored and reloaded every token; the general loop takes about 1.5 times as long
     * (JMH ScanBenchmark, docs/performance.md). The same floats in the same order as the general loop: each partial sum
     * adds states s, s+4, s+8, s+12 in turn.
     */
    private static void scan16(int len, float[] u, int uOff, float[] dt, int dtOff, float[] aNeg, int aOff,
                               float[] bt, float[] ct, int bcOff, float d, float[] y, int yOff, float[] e, int eOff) {
        float h0 = 0f, h1 = 0f, h2 = 0f, h3 = 0f, h4 = 0f, h5 = 0f, h6 = 0f, h7 = 0f;
        float h8 = 0f, h9 = 0f, h10 = 0f, h11 = 0f, h12 = 0f, h13 = 0f, h14 = 0f, h15 = 0f;
        for (int l0 = 0; l0 < len; l0 += BLOCK) {
            int l1 = Math.min(len, l0 + BLOCK);
            decays(16, dt, dtOff, aNeg, aOff, e, eOff, l0, l1);
            for (int l = l0; l < l1; l++) {
                float uv = u[uOff + l];
                float dtu = dt[dtOff + l] * uv;
                int b = bcOff + l * 16;
                int x = eOff + (l - l0) * 16;
                h0 = e[x] * h0 + dtu * bt[b];
                h1 = e[x + 1] * h1 + dtu * bt[b + 1];
                h2 = e[x + 2] * h2 + dtu * bt[b + 2];
                h3 = e[x + 3] * h3 + dtu * bt[b + 3];
                h4 = e[x + 4] * h4 + dtu * bt[b + 4];
                h5 = e[x + 5] * h5 + dtu * bt[b + 5];
                h6 = e[x + 6] * h6 + dtu * bt[b + 6];
                h7 = e[x + 7] * h7 + dtu * bt[b + 7];
                h8 = e[x + 8] * h8 + dtu * bt[b + 8];
                h9 = e[x + 9] * h9 + dtu * bt[b + 9];
                h10 = e[x + 10] * h10 + dtu * bt[b + 10];
                h11 = e[x + 11] * h11 + dtu * bt[b + 11];
                h12 = e[x + 12] * h12 + dtu * bt[b + 12];
                h13 = e[x + 13] * h13 + dtu * bt[b + 13];
                h14 = e[x + 14] * h14 + dtu * bt[b + 14];
                h15 = e[x + 15] * h15 + dtu * bt[b + 15];
                float acc0 = h0 * ct[b] + h4 * ct[b + 4] + h8 * ct[b + 8] + h12 * ct[b + 12];
                float acc1 = h1 * ct[b + 1] + h5 * ct[b + 5] + h9 * ct[b + 9] + h13 * ct[b + 13];
                float acc2 = h2 * ct[b + 2] + h6 * ct[b + 6] + h10 * ct[b + 10] + h14 * ct[b + 14];
                float acc3 = h3 * ct[b + 3] + h7 * ct[b + 7] + h11 * ct[b + 11] + h15 * ct[b + 15];
                y[yOff + l] = ((acc0 + acc1) + (acc2 + acc3)) + d * uv;
            }
        }
    }
}
