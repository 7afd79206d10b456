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

    /**
     * PyTorch's softplus (beta 1, threshold 20): identity above 20, else log(1 + e^x), in double
     * ({@code Math.log} rather than the slower {@code Math.log1p}: for e^x above 1e-5 the sum 1 + e^x loses
     * nothing a float result could show, below it log(1 + e) = e - e^2/2 to double precision).
     */
    public static float softplus(float x) {
        if (x > 20f) {
            return x;
        }
        double e = Math.exp(x);
        return (float) (e < 1e-5 ? e * (1 - 0.5 * e) : Math.log(1 + e));
    }

    /** e^x in float (about 1 ulp on [-87.3, 88.3]; 0 below, +infinity above: sigmoid and SiLU need no more). */
    public static float exp(float x) {
        if (x > 88.3f) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < -87.3f) {
            return 0f;
        }
        float k = (float) Math.round(x * LOG2E);
        return expReduced(x, k);
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;

    /** 2^(j/32), j = 0..31, as float bits. */
    private static final int[] EXP2_FRAC = new int[32];
    private static final float EXP_SCALE = 32f * LOG2E;
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
     * e^x for x <= 0 in float, for the scan's decays exp(dt * A) (dt > 0 > A): x = k ln2/32 + r with
     * |r| <= ln2/64, e^x = 2^(k>>5) * 2^((k&31)/32) * (1 + r + r^2/2 + r^3/6), the middle factor from a
     * 32-entry table and the first added into its exponent bits. Relative error under 2e-7 (truncation
     * 6e-10, the rest float rounding); 0 below -87.3, where the true value is under the smallest normal float.
     * About 40% cheaper than {@link #exp}'s degree-6 polynomial, which matters: the scan calls it 16 times a token.
     */
    public static float expNonPositive(float x) {
        if (x < -87.3f) {
            return 0f;
        }
        int k = (int) (x * EXP_SCALE - 0.5f); // round to nearest for x <= 0
        float kf = k;
        float r = Math.fma(kf, -LN2_32_HI, x);
        r = Math.fma(kf, -LN2_32_LO, r);
        float p = Math.fma(Math.fma(Math.fma(0.16666667f, r, 0.5f), r, 1f), r, 1f);
        return p * Float.intBitsToFloat(EXP2_FRAC[k & 31] + ((k >> 5) << 23));
    }

    /** e^x = 2^k e^r with r = x - k ln2, |r| <= ln2/2, k an integer-valued float in [-126, 127]. */
    private static float expReduced(float x, float k) {
        float r = x - k * LN2_HI - k * LN2_LO;
        float p = Math.fma(1.9875691500E-4f, r, 1.3981999507E-3f);
        p = Math.fma(p, r, 8.3334519073E-3f);
        p = Math.fma(p, r, 4.1665795894E-2f);
        p = Math.fma(p, r, 1.6666665459E-1f);
        p = Math.fma(p, r, 5.0000001201E-1f);
        p = Math.fma(p, r * r, r) + 1f;
        return p * Float.intBitsToFloat(((int) k + 127) << 23);
    }
}
