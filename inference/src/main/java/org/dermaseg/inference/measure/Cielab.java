package org.dermaseg.inference.measure;

/**
 * sRGB (8-bit, D65) to CIE 1976 L*a*b* (D65 white), the perceptual space the colour prototypes and the
 * colour-asymmetry distances are measured in: Euclidean distance there (Delta E*ab) approximates perceived
 * colour difference. Formulas of IEC 61966-2-1 (sRGB) and CIE 15 (L*a*b*).
 */
public final class Cielab {
    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;
    /** Linear-light value of each 8-bit sRGB code (the sRGB transfer function inverted once). */
    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
    }

    private Cielab() {
    }

    /** {L*, a*, b*} of one 8-bit sRGB colour. */
    public static double[] of(int r, int g, int b) {
        double[] out = new double[3];
        into(r, g, b, out, 0);
        return out;
    }

    /** Writes L*, a*, b* of one 8-bit sRGB colour at {@code out[at..at+2]}. */
    public static void into(int r, int g, int b, double[] out, int at) {
        double rl = LINEAR[r & 0xff];
        double gl = LINEAR[g & 0xff];
        double bl = LINEAR[b & 0xff];
        double x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / XN;
        double y = (0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl) / YN;
        double z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / ZN;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        out[at] = 116 * fy - 16;
        out[at + 1] = 500 * (fx - fy);
        out[at + 2] = 200 * (fy - fz);
    }

    /** {L*, a*, b*} of a linear-light sRGB colour (components in [0, 1]). */
    public static double[] ofLinear(double rl, double gl, double bl) {
        double[] out = new double[3];
        ofLinearInto(rl, gl, bl, out, 0);
        return out;
    }

    /** Writes L*, a*, b* of a linear-light sRGB colour at {@code out[at..at+2]}. */
    public static void ofLinearInto(double rl, double gl, double bl, double[] out, int at) {
        double x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / XN;
        double y = (0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl) / YN;
        double z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / ZN;
        double fy = f(y);
        out[at] = 116 * fy - 16;
        out[at + 1] = 500 * (f(x) - fy);
        out[at + 2] = 200 * (fy - f(z));
    }

    /** Delta E*ab (CIE 1976): Euclidean distance in L*a*b*. */
    public static double deltaE(double[] p, int i, double[] q, int j) {
        double dl = p[i] - q[j];
        double da = p[i + 1] - q[j + 1];
        double db = p[i + 2] - q[j + 2];
        return Math.sqrt(dl * dl + da * da + db * db);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
