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

    /**
     * @param len    tokens
     * @param n      states (d_state)
     * @param u      input (after conv1d + SiLU) at {@code uOff}, {@code len} values
     * @param dt     step sizes (after softplus) at {@code dtOff}, {@code len} values
     * @param aNeg   A = -exp(A_log) for this channel at {@code aOff}, {@code n} values (negative)
     * @param bt     B token-major at {@code bcOff}: {@code bt[bcOff + l * n + s]}
     * @param ct     C token-major, same layout and offset as {@code bt}
     * @param d      the skip weight D of this channel
     * @param y      output at {@code yOff}, {@code len} values
     * @param h      scratch for the state at {@code hOff}, {@code n} values (overwritten)
     */
    public static void scan(int len, int n, float[] u, int uOff, float[] dt, int dtOff, float[] aNeg, int aOff,
                            float[] bt, float[] ct, int bcOff, float d, float[] y, int yOff, float[] h, int hOff) {
        for (int s = 0; s < n; s++) {
            h[hOff + s] = 0f;
        }
        int n4 = n & ~3;
        for (int l = 0; l < len; l++) {
            float dtv = dt[dtOff + l];
            float uv = u[uOff + l];
            float dtu = dtv * uv;
            int bo = bcOff + l * n;
            // four partial sums: the dot product C.h is otherwise one long chain of dependent adds
            float acc0 = 0f;
            float acc1 = 0f;
            float acc2 = 0f;
            float acc3 = 0f;
            int s = 0;
            for (; s < n4; s += 4) {
                int hs = hOff + s;
                int as = aOff + s;
                int b = bo + s;
                float h0 = Fn.expNonPositive(dtv * aNeg[as]) * h[hs] + dtu * bt[b];
                float h1 = Fn.expNonPositive(dtv * aNeg[as + 1]) * h[hs + 1] + dtu * bt[b + 1];
                float h2 = Fn.expNonPositive(dtv * aNeg[as + 2]) * h[hs + 2] + dtu * bt[b + 2];
                float h3 = Fn.expNonPositive(dtv * aNeg[as + 3]) * h[hs + 3] + dtu * bt[b + 3];
                h[hs] = h0;
                h[hs + 1] = h1;
                h[hs + 2] = h2;
                h[hs + 3] = h3;
                acc0 += h0 * ct[b];
                acc1 += h1 * ct[b + 1];
                acc2 += h2 * ct[b + 2];
                acc3 += h3 * ct[b + 3];
            }
            for (; s < n; s++) {
                float hs = Fn.expNonPositive(dtv * aNeg[aOff + s]) * h[hOff + s] + dtu * bt[bo + s];
                h[hOff + s] = hs;
                acc0 += hs * ct[bo + s];
            }
            y[yOff + l] = ((acc0 + acc1) + (acc2 + acc3)) + d * uv;
        }
    }
}
