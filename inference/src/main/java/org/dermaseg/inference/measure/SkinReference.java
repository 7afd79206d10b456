package org.dermaseg.inference.measure;

import java.util.Arrays;

import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * Lighting normalisation before colours are named: a von Kries white balance (per-channel gains in linear
 * sRGB) that maps the image's own skin to a reference skin colour. Dermoscopes differ in brightness and
 * white balance, and a dermatologist judges a lesion's colours against the skin around it; without this
 * the fixed colour prototypes called whole pale lesions "white" on bright images (measured on the PH2
 * samples: docs/measurements.md).
 *
 * <p>Skin colour: the mean linear RGB of the non-lesion pixels at or above the median L* of the non-lesion
 * pixels (the lighter half, so the dark vignette of dermoscopy images and hairs do not count). When that is
 * darker than the lightest tenth of the lesion (a lesion filling the frame leaves only vignette), it is
 * brightened to that lightness. With no skin visible at all, no normalisation.
 */
final class SkinReference {
    /**
     * Reference skin, linear sRGB: the per-channel median of {@link #imageSkin} over the 1,250 images of the ISIC
     * 2017 train split with their expert masks (L* 74.2, a* 5.3, b* 6.1): a typical dermoscopic skin of many
     * clinics and devices, taken without any colour labels and without PH2
     * ({@code ReferenceSkinFromIsicTrainTest} recomputes it). Until branch measfix it was (0.800, 0.531, 0.405),
     * the mean skin of the 10 PH2 sample images (docs/measurements.md).
     */
    static final double[] REFERENCE = {0.559, 0.450, 0.410};
    /** Every how many pixels the skin is sampled (bounds the work on large images; deterministic). */
    private static final int STRIDE = 3;
    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
    }

    private SkinReference() {
    }

    /** L*a*b* of the reference skin: pixels this close to it are skin, not a lesion colour. */
    static double[] referenceLab() {
        return labOfLinear(REFERENCE[0], REFERENCE[1], REFERENCE[2]);
    }

    /**
     * The image's own skin, before any brightening: the mean linear RGB of the non-lesion pixels at or above
     * the median luminance of the non-lesion pixels (sampled every {@link #STRIDE} pixels); null when no
     * pixel lies outside the lesion. Also what {@link #REFERENCE} was derived with (ISIC 2017 train split).
     */
    static double[] imageSkin(LoadedImage image, BinaryMask mask) {
        int w = mask.width();
        int h = mask.height();
        double sx = image.pixelWidth() / (double) w;
        double sy = image.pixelHeight() / (double) h;
        byte[] m = mask.data();
        byte[] rgb = image.rgb();
        int pw = image.pixelWidth();
        int n = 0;
        double[] ls = new double[(w / STRIDE + 1) * (h / STRIDE + 1)];
        double[][] lin = new double[3][ls.length];
        for (int y = 0; y < h; y += STRIDE) {
            for (int x = 0; x < w; x += STRIDE) {
                if (m[y * w + x] != 0) {
                    continue;
                }
                int p = 3 * (Math.min(image.pixelHeight() - 1, (int) (y * sy)) * pw
                        + Math.min(pw - 1, (int) (x * sx)));
                double r = LINEAR[rgb[p] & 0xff];
                double g = LINEAR[rgb[p + 1] & 0xff];
                double b = LINEAR[rgb[p + 2] & 0xff];
                lin[0][n] = r;
                lin[1][n] = g;
                lin[2][n] = b;
                ls[n] = luminance(r, g, b); // orders like L* (a monotonic function of it), much cheaper
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        double median = Selection.kth(Arrays.copyOf(ls, n), n, n / 2);
        double[] skin = new double[3];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (ls[i] >= median) {
                skin[0] += lin[0][i];
                skin[1] += lin[1][i];
                skin[2] += lin[2][i];
                k++;
            }
        }
        for (int c = 0; c < 3; c++) {
            skin[c] /= k;
        }
        return skin;
    }

    /**
     * Per-channel gains for linear RGB.
     *
     * @param gridRgb  the analysis grid's RGB (for the lesion's lightest tenth)
     * @param gridMask the analysis grid's lesion
     */
    static double[] gains(LoadedImage image, BinaryMask mask, byte[] gridRgb, byte[] gridMask) {
        double[] skin = imageSkin(image, mask);
        if (skin == null) {
            return new double[] {1, 1, 1};
        }
        double lesionLight = lesionLightestTenth(gridRgb, gridMask);
        double skinY = luminance(skin[0], skin[1], skin[2]);
        if (skinY < lesionLight && skinY > 0) {
            double f = lesionLight / skinY; // the same luminance, so the same L*
            for (int c = 0; c < 3; c++) {
                skin[c] *= f;
            }
        }
        double[] gain = new double[3];
        for (int c = 0; c < 3; c++) {
            gain[c] = skin[c] > 1e-6 ? REFERENCE[c] / skin[c] : 1;
        }
        return gain;
    }

    /** Writes the white-balanced L*a*b* of grid pixel {@code i} at {@code lab[at..at+2]}. */
    static void intoLab(byte[] rgb, int i, double[] gain, double[] lab, int at) {
        double r = Math.min(1, LINEAR[rgb[3 * i] & 0xff] * gain[0]);
        double g = Math.min(1, LINEAR[rgb[3 * i + 1] & 0xff] * gain[1]);
        double b = Math.min(1, LINEAR[rgb[3 * i + 2] & 0xff] * gain[2]);
        Cielab.ofLinearInto(r, g, b, lab, at);
    }

    /** Luminance of the lesion's lightest tenth (90th percentile). */
    private static double lesionLightestTenth(byte[] gridRgb, byte[] gridMask) {
        int n = 0;
        double[] ls = new double[gridMask.length];
        for (int i = 0; i < gridMask.length; i++) {
            if (gridMask[i] != 0) {
                ls[n++] = luminance(LINEAR[gridRgb[3 * i] & 0xff], LINEAR[gridRgb[3 * i + 1] & 0xff],
                        LINEAR[gridRgb[3 * i + 2] & 0xff]);
            }
        }
        if (n == 0) {
            return 0;
        }
        return Selection.kth(ls, n, Math.min(n - 1, n * 9 / 10));
    }

    /** CIE Y of linear sRGB: L* is a monotonic function of it. */
    private static double luminance(double r, double g, double b) {
        return 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    }

    static double[] labOfLinear(double r, double g, double b) {
        return Cielab.ofLinear(r, g, b);
    }
}
