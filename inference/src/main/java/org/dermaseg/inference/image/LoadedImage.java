package org.dermaseg.inference.image;

import java.util.Objects;

/**
 * A decoded image as plain Java data: 8-bit RGB, interleaved, row-major, EXIF orientation applied.
 * The pixels may be a reduced decode (JPEG 1/2, 1/4, 1/8) when only the model input was needed;
 * {@link #width()}/{@link #height()} are always the original (oriented) size the output mask must have.
 */
public final class LoadedImage {
    private final String source;
    private final ImageFormat format;
    private final int width;
    private final int height;
    private final int pixelWidth;
    private final int pixelHeight;
    private final byte[] rgb;
    private final int reduction;
    private final int sourceBitsPerSample;
    private final double decodeMillis;

    public LoadedImage(String source, ImageFormat format, int width, int height, int pixelWidth, int pixelHeight,
                       byte[] rgb, int reduction, int sourceBitsPerSample, double decodeMillis) {
        this.source = Objects.requireNonNull(source, "source");
        this.format = format;
        this.width = width;
        this.height = height;
        this.pixelWidth = pixelWidth;
        this.pixelHeight = pixelHeight;
        this.rgb = Objects.requireNonNull(rgb, "rgb");
        this.reduction = reduction;
        this.sourceBitsPerSample = sourceBitsPerSample;
        this.decodeMillis = decodeMillis;
        if ((long) pixelWidth * pixelHeight * 3 != rgb.length) {
            throw new IllegalArgumentException("rgb holds " + rgb.length + " bytes, not " + pixelWidth + "x" + pixelHeight + "x3");
        }
    }

    /** An image made in memory (tests, GUI); no reduction. */
    public static LoadedImage ofRgb(String source, int width, int height, byte[] rgb) {
        return new LoadedImage(source, null, width, height, width, height, rgb, 1, 8, 0);
    }

    /** File path or other name used in messages. */
    public String source() {
        return source;
    }

    /** Container format, or null for an image made in memory. */
    public ImageFormat format() {
        return format;
    }

    /** Original width after EXIF orientation: the width of the output mask. */
    public int width() {
        return width;
    }

    /** Original height after EXIF orientation: the height of the output mask. */
    public int height() {
        return height;
    }

    /** Width of the pixels held in {@link #rgb()}. */
    public int pixelWidth() {
        return pixelWidth;
    }

    /** Height of the pixels held in {@link #rgb()}. */
    public int pixelHeight() {
        return pixelHeight;
    }

    /** RGB bytes, pixelWidth*pixelHeight*3, interleaved. Not copied: do not modify. */
    public byte[] rgb() {
        return rgb;
    }

    /** 1 for a full decode, else 2, 4 or 8 (JPEG reduced decode). */
    public int reduction() {
        return reduction;
    }

    public boolean isReduced() {
        return reduction > 1;
    }

    /** 8 or 16 (16-bit samples were scaled to 8 bits by /257). */
    public int sourceBitsPerSample() {
        return sourceBitsPerSample;
    }

    public double decodeMillis() {
        return decodeMillis;
    }

    @Override
    public String toString() {
        return source + " " + width + "x" + height + (isReduced() ? " (decoded 1/" + reduction + ")" : "");
    }
}
