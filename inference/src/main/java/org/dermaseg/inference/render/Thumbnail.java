package org.dermaseg.inference.render;

import java.nio.file.Path;

import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;

/**
 * A small preview of an image file for lists: decoded cheaply (large JPEGs at 1/2..1/8 through
 * {@link ImageLoader#loadForModel}) and reduced by box averaging so its longer side is at most
 * {@code maxSide} pixels.
 *
 * @param argb opaque 0xAARRGGBB pixels, {@code width * height}
 */
public record Thumbnail(int width, int height, int[] argb) {

    /** Reads and reduces {@code file}. */
    public static Thumbnail of(ImageLoader loader, Path file, int maxSide) throws ImageLoadException {
        LoadedImage img = loader.loadForModel(file, maxSide, maxSide);
        return ofRgb(img.pixelWidth(), img.pixelHeight(), img.rgb(), maxSide);
    }

    /** Box-averages interleaved RGB so the longer side is at most {@code maxSide} (never enlarges). */
    public static Thumbnail ofRgb(int width, int height, byte[] rgb, int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be positive");
        }
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("rgb is not " + width + "x" + height + "x3");
        }
        double scale = Math.min(1.0, (double) maxSide / Math.max(width, height));
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = (int) ((long) y * height / h);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * height / h));
            for (int x = 0; x < w; x++) {
                int x0 = (int) ((long) x * width / w);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * width / w));
                long r = 0;
                long g = 0;
                long b = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int row = yy * width;
                    for (int xx = x0; xx < x1; xx++) {
                        int j = (row + xx) * 3;
                        r += rgb[j] & 0xff;
                        g += rgb[j + 1] & 0xff;
                        b += rgb[j + 2] & 0xff;
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                out[y * w + x] = 0xFF000000 | (int) ((r + n / 2) / n) << 16 | (int) ((g + n / 2) / n) << 8
                        | (int) ((b + n / 2) / n);
            }
        }
        return new Thumbnail(w, h, out);
    }
}
