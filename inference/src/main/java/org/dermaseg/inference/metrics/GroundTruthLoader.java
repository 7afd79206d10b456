package org.dermaseg.inference.metrics;

import java.nio.file.Path;
import java.util.Objects;

import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * Reads a ground-truth mask image into a {@link BinaryMask}.
 *
 * <p>Decoding goes through {@link ImageLoader} (every format it reads, its pixel limit, EXIF
 * orientation — the image it is compared with was oriented the same way — 16-bit scaled to 8).
 * Colour masks become grey with the ITU-R BT.601 luma weights (OpenCV's {@code BGR2GRAY}); then
 * {@code grey >= 128} is lesion, so anti-aliased edges split at the midpoint. Label images that store
 * lesion as 1 (only values 0 and 1 present) are recognised and read as such, since cutting them at
 * 128 would silently turn every lesion into background. A mask with no lesion pixel is a valid answer
 * ("no lesion"), not an error.
 */
public final class GroundTruthLoader {
    /** Grey values at or above this are lesion (values 0..255). */
    public static final int CUT = 128;

    private final ImageLoader loader;
    private final boolean resizeNearest;

    /** Refuses masks whose size differs from the image's. */
    public GroundTruthLoader() {
        this(new ImageLoader(ImageLimits.DEFAULT, false), false);
    }

    /**
     * @param resizeNearest when true a mask of another size is resized nearest-neighbour to the
     *                      image's size instead of refused (for data sets whose masks were stored
     *                      at another resolution; off by default because a size mismatch usually
     *                      means the wrong file was paired)
     */
    public GroundTruthLoader(ImageLoader loader, boolean resizeNearest) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.resizeNearest = resizeNearest;
    }

    /** Loads the mask at its own size. */
    public BinaryMask load(Path mask) throws ImageLoadException {
        LoadedImage img = loader.load(mask);
        return new BinaryMask(img.width(), img.height(), binarise(img.rgb()));
    }

    /**
     * Loads the mask for an image of {@code width x height}.
     *
     * @throws ImageLoadException unreadable mask, or a size mismatch while resizing is off
     */
    public BinaryMask loadFor(Path mask, int width, int height) throws ImageLoadException {
        BinaryMask m = load(mask);
        if (m.width() == width && m.height() == height) {
            return m;
        }
        if (!resizeNearest) {
            String hint = m.width() == height && m.height() == width
                    ? " (width and height swapped: an EXIF orientation the image and the mask do not share?)"
                    : "";
            throw new ImageLoadException(mask + ": ground truth is " + m.width() + "x" + m.height()
                    + " but the image is " + width + "x" + height + hint
                    + "; pair the right files or allow nearest-neighbour resizing of ground truth");
        }
        return new BinaryMask(width, height, MaskResize.nearest(m.data(), m.width(), m.height(), width, height));
    }

    public boolean resizesNearest() {
        return resizeNearest;
    }

    /** RGB interleaved -> 0/1 via luma >= {@link #CUT}, or luma >= 1 for a 0/1 label image. */
    static byte[] binarise(byte[] rgb) {
        int n = rgb.length / 3;
        int max = 0;
        for (int j = 0; j < rgb.length && max <= 1000; j += 3) {
            max = Math.max(max, luma(rgb, j));
        }
        int cut = max == 1000 ? 1000 : CUT * 1000; // max == 1000: grey values are only 0 and 1
        byte[] out = new byte[n];
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            out[i] = luma(rgb, j) >= cut ? (byte) 1 : 0;
        }
        return out;
    }

    /** Integer BT.601 luma scaled by 1000 (no rounding questions at the cut): 299 R + 587 G + 114 B. */
    private static int luma(byte[] rgb, int j) {
        return 299 * (rgb[j] & 0xff) + 587 * (rgb[j + 1] & 0xff) + 114 * (rgb[j + 2] & 0xff);
    }
}
