package org.dermaseg.inference.engine.purejava;

/**
 * Scalar activation functions, as PyTorch defines them, in float (with double where a float formula
 * would lose accuracy). All are branch-light so that the JIT can keep the element loops tight.
 */
public final class Fn {
    private Fn() {
    }

    private static final float INV_SQRT2 = 0.70710678118654752440f;

    /**
     * erf(x) in float, a rational minimax approximation on [-4, 4] (odd numerator of degree 13, even
     * denominator of degree 8; outside that range erf is +-1 in float). Maximum error a few float ulps,
     * see {@code FnTest}. No exp, no branch but the clamp.
     */
    public static float erf(float a) {
        float x = Math.max(-4f, Math.min(4f, a));
        float x2 = x * x;
        float p = Math.fma(x2, -2.72614225801306e-10f, 2.77068142495902e-08f);
        p = Math.fma(x2, p, -2.10102402082508e-06f);
        p = Math.fma(x2, p, -5.69250639462346e-05f);
        p = Math.fma(x2, p, -7.34990630326855e-04f);
        p = Math.fma(x2, p, -2.95459980854025e-03f);
        p = Math.fma(x2, p, -1.60960333262415e-02f);
        p = x * p;
        float q = Math.fma(x2, -1.45660718464996e-05f, -2.13374055278905e-04f);
        q = Math.fma(x2, q, -1.68282697438203e-03f);
        q = Math.fma(x2, q, -7.37332916720468e-03f);
        q = Math.fma(x2, q, -1.42647390514189e-02f);
        return p / q;
    }

    /** GELU, exact (erf) form: 0.5 x (1 + erf(x / sqrt 2)), PyTorch's default. */
    public static float gelu(float x) {
        return 0.5f * x * (1f + erf(x * INV_SQRT2));
    }

    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** SiLU (swish): x * sigmoid(x). */
    public static float silu(float x) {
        return x / (1f + exp(-x));
    }

    /** PyTorch's softplus (beta 1, threshold 20): identity above 20, else log(1 + e^x). */
    public static float softplus(float x) {
        return x > 20f ? x : log1p(exp(x));
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2 = 0.69314718055994531f;
    private static final float EXP_SCALE = 32f * LOG2E;
    /** 2^(j/32), j = 0..31, as float bits. */
    private static final int[] EXP2_FRAC = new int[32];
    private static final float LN2_32_HI;
    private static final float LN2_32_LO;

    static {
        for (int j = 0; j < 32; j++) {
            EXP2_FRAC[j] = Float.floatToRawIntBits((float) Math.pow(2, j / 32.0));
        }
        double l = Math.log(2) / 32;
        LN2_32_HI = (float) l;
        LN2_32_LO = (float) (l - LN2_32_HI);
    }

    /**
     * e^x in float: x = k ln2/32 + r with |r| <= ln2/64, e^x = 2^(k>>5) * 2^((k&31)/32) * (1 + r + r^2/2 + r^3/6),
     * the middle factor from a 32-entry table and the first added into its exponent bits. Relative error under
     * 2e-7 (truncation 6e-10, the rest float rounding) on [-87.3, 88.3]; 0 below, +infinity above (sigmoid and
     * SiLU need no more).
     */
    public static float exp(float x) {
        if (x > 88.3f) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < -87.3f) {
            return 0f;
        }
        return exp2k32(x, (int) Math.floor(x * EXP_SCALE + 0.5f));
    }

    /**
     * e^x in place for {@code v[off .. off+n)}, all x <= 0: the scan's decays exp(dt * A) (dt > 0 > A), 16 per
     * token and channel, the engine's most frequent function. Written in plain float arithmetic (no table, no
     * bit casts, no branch) so that HotSpot's C2 turns the loop into SIMD instructions: about 7 times faster than
     * calling {@link #exp} per element (docs/performance.md). Method: e^x = (e^(x/128))^128 with e^(x/128) held as
     * 1 + q, q = expm1(x/128) from its Taylor series to degree 10 (|x/128| <= 0.69), squared seven times as
     * q <- q (2 + q), which keeps q's relative accuracy, so that values near 1 (the long memories of the scan)
     * are as accurate as float allows. Absolute error under 2e-7, relative under 1e-6 for x >= -2 (5.7e-7 measured, {@code KernelsTest}); arguments
     * below -87.3 count as -87.3 (a decay of 1e-38 instead of 0).
     */
    public static void expNonPositiveInPlace(float[] v, int off, int n) {
        // Two loops, not one: with the whole formula in one body C2 (JDK 17, AVX2) ran it about 1.5 times slower
        // (1.27 vs 0.87 ns a value, docs/performance.md); the floats are the same, q passes through v as a float.
        for (int i = off; i < off + n; i++) {
            float x = Math.max(v[i], -87.3f) * 0.0078125f; // x / 128, in [-0.683, 0]
            float p = 2.7557319e-7f;
            p = Math.fma(p, x, 2.7557319e-6f);
            p = Math.fma(p, x, 2.4801587e-5f);
            p = Math.fma(p, x, 1.9841270e-4f);
            p = Math.fma(p, x, 1.3888889e-3f);
            p = Math.fma(p, x, 8.3333333e-3f);
            p = Math.fma(p, x, 4.1666667e-2f);
            p = Math.fma(p, x, 1.6666667e-1f);
            p = Math.fma(p, x, 0.5f);
            v[i] = Math.fma(p * x, x, x);        // expm1(x / 128)
        }
        for (int i = off; i < off + n; i++) {
            float q = v[i];
            q = Math.fma(q, q, 2f * q);          // (1 + q)^2 = 1 + q (2 + q), seven times: the 128th power
            q = Math.fma(q, q, 2f * q);
            q = Math.fma(q, q, 2f * q);
            q = Math.fma(q, q, 2f * q);
            q = Math.fma(q, q, 2f * q);
            q = Math.fma(q, q, 2f * q);
            q = Math.fma(q, q, 2f * q);
            v[i] = 1f + q;
        }
    }

    /** e^x with k = round(x * 32 / ln2), k >> 5 in [-126, 127]. */
    private static float exp2k32(float x, int k) {
        float kf = k;
        float r = Math.fma(kf, -LN2_32_HI, x);
        r = Math.fma(kf, -LN2_32_LO, r);
        float p = Math.fma(Math.fma(Math.fma(0.16666667f, r, 0.5f), r, 1f), r, 1f);
        return p * Float.intBitsToFloat(EXP2_FRAC[k & 31] + ((k >> 5) << 23));
    }

    /**
     * log(1 + x) in float for x >= 0 (relative error under 3e-7): u = 1 + x rounded, log(u) from u = 2^m f with
     * f in [sqrt(1/2), sqrt(2)), log f = 2 atanh((f-1)/(f+1)) by its odd series, plus the rounding
     * correction (x - (u - 1)) / u; a short series for tiny x.
     */
    public static float log1p(float x) {
        if (x < 1e-4f) {
            return x * (1f - x * (0.5f - x * (1f / 3f)));
        }
        if (x == Float.POSITIVE_INFINITY) {
            return x;
        }
        float u = 1f + x;
        float corr = (x - (u - 1f)) / u;
        int bits = Float.floatToRawIntBits(u);
        int m = (bits >> 23) - 127;
        float f = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000); // [1, 2)
        if (f > 1.41421356f) {
            f *= 0.5f;
            m++;
        }
        float s = (f - 1f) / (f + 1f);
        float s2 = s * s;
        float p = Math.fma(s2, 1f / 9f, 1f / 7f);
        p = Math.fma(s2, p, 1f / 5f);
        p = Math.fma(s2, p, 1f / 3f);
        p = Math.fma(s2 * s, p, s);
        return Math.fma(m, LN2, Math.fma(2f, p, corr));
    }
}
