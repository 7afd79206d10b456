package org.dermaseg.inference.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.dermaseg.inference.image.LoadedImage;

/**
 * An image as opaque ARGB pixels at full size (level 0) and at 1/2, 1/4, ... (2x2 box averages), so a view
 * zoomed out to show a 6000x4000 photograph in a 1200-pixel window reads a 1500x1000 level, never the
 * full image. Levels stop once the longer side is at most {@link #SMALLEST_SIDE} pixels.
 * Immutable after construction; share freely between threads.
 */
public final class ImagePyramid {
    /** No level is made whose longer side is below this (a level that small is never needed). */
    public static final int SMALLEST_SIDE = 256;

    /**
     * One level.
     *
     * @param factor how many full-size pixels one level pixel spans per side (1, 2, 4, ...)
     * @param argb   opaque 0xAARRGGBB pixels, row-major, {@code width * height}
     */
    public record Level(int index, int factor, int width, int height, int[] argb) {
    }

    private final int width;
    private final int height;
    private final List<Level> levels;

    private ImagePyramid(int width, int height, List<Level> levels) {
        this.width = width;
        this.height = height;
        this.levels = Collections.unmodifiableList(levels);
    }

    /**
     * Builds the pyramid of a fully decoded image.
     *
     * @throws IllegalArgumentException if the image was decoded at reduced size (its pixels are not the
     *                                  image's own size)
     */
    public static ImagePyramid of(LoadedImage image) {
        Objects.requireNonNull(image, "image");
        if (image.isReduced() || image.pixelWidth() != image.width() || image.pixelHeight() != image.height()) {
            throw new IllegalArgumentException(image.source() + " was decoded at reduced size; the viewer needs "
                    + "the full image");
        }
        return ofRgb(image.width(), image.height(), image.rgb());
    }

    /** Builds the pyramid from interleaved 8-bit RGB. */
    public static ImagePyramid ofRgb(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("rgb holds " + rgb.length + " bytes, not " + width + "x" + height + "x3");
        }
        int[] argb = new int[width * height];
        for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
            argb[i] = 0xFF000000 | (rgb[j] & 0xff) << 16 | (rgb[j + 1] & 0xff) << 8 | (rgb[j + 2] & 0xff);
        }
        List<Level> levels = new ArrayList<>();
        Level level = new Level(0, 1, width, height, argb);
        levels.add(level);
        while (Math.max(level.width(), level.height()) > SMALLEST_SIDE * 2 - 1
                && Math.min(level.width(), level.height()) >= 2) {
            level = half(level);
            levels.add(level);
        }
        return new ImagePyramid(width, height, levels);
    }

    /** Next level: each pixel the mean of a 2x2 block (of the pixels that exist at odd edges). */
    static Level half(Level src) {
        int sw = src.width();
        int sh = src.height();
        int w = (sw + 1) / 2;
        int h = (sh + 1) / 2;
        int[] in = src.argb();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = 2 * y;
            int y1 = Math.min(y0 + 1, sh - 1);
            for (int x = 0; x < w; x++) {
                int x0 = 2 * x;
                int x1 = Math.min(x0 + 1, sw - 1);
                int a = in[y0 * sw + x0];
                int b = in[y0 * sw + x1];
                int c = in[y1 * sw + x0];
                int d = in[y1 * sw + x1];
                int r = (((a >> 16) & 0xff) + ((b >> 16) & 0xff) + ((c >> 16) & 0xff) + ((d >> 16) & 0xff) + 2) >> 2;
                int g = (((a >> 8) & 0xff) + ((b >> 8) & 0xff) + ((c >> 8) & 0xff) + ((d >> 8) & 0xff) + 2) >> 2;
                int bl = ((a & 0xff) + (b & 0xff) + (c & 0xff) + (d & 0xff) + 2) >> 2;
                out[y * w + x] = 0xFF000000 | r << 16 | g << 8 | bl;
            }
        }
        return new Level(src.index() + 1, src.factor() * 2, w, h, out);
    }

    /** Full image width. */
    public int width() {
        return width;
    }

    /** Full image height. */
    public int height() {
        return height;
    }

    public List<Level> levels() {
        return levels;
    }

    public Level level(int index) {
        return levels.get(index);
    }

    /**
     * The level to read when drawing at {@code scale} screen pixels per image pixel: the smallest level
     * still at least as detailed as the screen (factor &lt;= 1/scale), so nothing is magnified from a
     * coarser level than needed and nothing larger than needed is read.
     */
    public Level levelFor(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        Level best = levels.get(0);
        for (Level l : levels) {
            if (l.factor() <= 1.0 / scale + 1e-9) {
                best = l;
            }
        }
        return best;
    }

    /** Approximate heap held by the pixel arrays, in bytes. */
    public long bytes() {
        long n = 0;
        for (Level l : levels) {
            n += 4L * l.argb().length;
        }
        return n;
    }
}
