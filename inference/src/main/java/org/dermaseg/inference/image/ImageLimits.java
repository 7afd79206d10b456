package org.dermaseg.inference.image;

/**
 * Guards against decompression bombs: a tiny file can declare billions of pixels. The pixel count is
 * checked from the file header before anything is decoded.
 *
 * @param maxPixels largest width*height accepted
 * @param maxFileBytes largest file accepted (the compressed bytes are held in memory while decoding)
 */
public record ImageLimits(long maxPixels, long maxFileBytes) {
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** Java arrays end at 2^31-1 bytes; no real dermoscopy file comes near this. */
    public static final long DEFAULT_MAX_FILE_BYTES = Integer.MAX_VALUE - 64L;
    public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES);

    public ImageLimits {
        if (maxPixels <= 0 || maxFileBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxFileBytes > DEFAULT_MAX_FILE_BYTES) {
            throw new IllegalArgumentException("maxFileBytes above " + DEFAULT_MAX_FILE_BYTES);
        }
    }

    public static ImageLimits ofMegapixels(double megapixels) {
        return new ImageLimits(Math.round(megapixels * 1_000_000d), DEFAULT_MAX_FILE_BYTES);
    }

    /** Throws when width*height exceeds the limit. */
    public void checkPixels(String source, long width, long height) throws ImageLoadException {
        long pixels = width * height;
        if (width <= 0 || height <= 0) {
            throw new ImageLoadException(source + ": invalid image size " + width + "x" + height + " in header");
        }
        if (pixels > maxPixels) {
            throw new ImageLoadException(String.format(java.util.Locale.ROOT,
                    "%s: %dx%d = %.1f MP exceeds the limit of %.1f MP (refused before decoding)",
                    source, width, height, pixels / 1e6, maxPixels / 1e6));
        }
    }
}
