package org.dermaseg.inference.render;

/** Colour maps for probabilities. */
public final class Colormap {
    private static final int[] TURBO = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            TURBO[i] = turboRgb(i / 255.0);
        }
    }

    private Colormap() {
    }

    /**
     * Google's Turbo map (dark blue at 0 through green and yellow to dark red at 1), from the published
     * polynomial approximation (A. Mikhailov, 2019). {@code t} is clamped to [0, 1]. Returns 0xRRGGBB.
     */
    public static int turbo(double t) {
        if (!(t > 0)) {
            return TURBO[0];
        }
        if (t >= 1) {
            return TURBO[255];
        }
        return TURBO[(int) Math.round(t * 255)];
    }

    private static int turboRgb(double x) {
        double r = 0.13572138 + x * (4.61539260 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
        double g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857 + x * 2.82956604))));
        double b = 0.10667330 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
        return channel(r) << 16 | channel(g) << 8 | channel(b);
    }

    private static int channel(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
