package org.dermaseg.inference.image;

/**
 * What the file header says, read without decoding pixels.
 *
 * @param format container format
 * @param width stored width (before EXIF orientation)
 * @param height stored height (before EXIF orientation)
 * @param bitsPerSample 8 or 16 for the formats we decode (1/2/4 for palette or bilevel PNG/BMP)
 * @param channels samples per pixel as stored (1 grey, 3 colour, 4 with alpha or CMYK); 0 if unknown
 * @param exifOrientation EXIF orientation 1..8 (JPEG only; 1 when absent)
 */
public record ImageHeader(ImageFormat format, int width, int height, int bitsPerSample, int channels,
                          int exifOrientation) {

    /** Orientations 5..8 transpose the image, so display width and height swap. */
    public boolean transposed() {
        return exifOrientation >= 5 && exifOrientation <= 8;
    }

    public int orientedWidth() {
        return transposed() ? height : width;
    }

    public int orientedHeight() {
        return transposed() ? width : height;
    }
}
