package org.dermaseg.inference.measure;

import java.util.function.BiPredicate;

import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.preprocess.BinaryMask;

/** Synthetic lesions: a mask from a predicate and an image painting the lesion over reference skin. */
final class Synthetic {
    /** The reference skin as 8-bit sRGB, so the white balance leaves colours (almost) as they are. */
    static final int SKIN = rgbOfLinear(SkinReference.REFERENCE);

    private Synthetic() {
    }

    static BinaryMask mask(int w, int h, BiPredicate<Double, Double> inside) {
        byte[] d = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = inside.test(x + 0.5, y + 0.5) ? (byte) 1 : 0;
            }
        }
        return new BinaryMask(w, h, d);
    }

    static BiPredicate<Double, Double> disc(double cx, double cy, double r) {
        return (x, y) -> (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
    }

    /** Lesion pixels painted by {@code colour(x, y)} (0xRRGGBB), skin elsewhere. */
    static LoadedImage image(BinaryMask m, java.util.function.IntBinaryOperator colour) {
        int w = m.width();
        int h = m.height();
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = m.get(x, y) ? colour.applyAsInt(x, y) : SKIN;
                int i = 3 * (y * w + x);
                rgb[i] = (byte) (c >> 16);
                rgb[i + 1] = (byte) (c >> 8);
                rgb[i + 2] = (byte) c;
            }
        }
        return LoadedImage.ofRgb("synthetic", w, h, rgb);
    }

    static LoadedImage uniform(BinaryMask m, int colour) {
        return image(m, (x, y) -> colour);
    }

    private static int rgbOfLinear(double[] lin) {
        int out = 0;
        for (double l : lin) {
            double c = l <= 0.0031308 ? 12.92 * l : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
            out = (out << 8) | (int) Math.round(Math.max(0, Math.min(1, c)) * 255);
        }
        return out;
    }
}
