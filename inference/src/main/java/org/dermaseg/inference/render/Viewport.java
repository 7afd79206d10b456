package org.dermaseg.inference.render;

/**
 * The part of an image a view shows: output pixel (sx, sy) shows image point
 * {@code (originX + (sx + 0.5) / scale, originY + (sy + 0.5) / scale)}.
 *
 * @param originX image x at the output's left edge
 * @param originY image y at the output's top edge
 * @param scale   output pixels per image pixel (1 = 1:1, 0.25 = zoomed out 4x)
 * @param width   output width in pixels
 * @param height  output height in pixels
 */
public record Viewport(double originX, double originY, double scale, int width, int height) {
    public Viewport {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("viewport must be at least 1x1, got " + width + "x" + height);
        }
        if (!Double.isFinite(originX) || !Double.isFinite(originY)) {
            throw new IllegalArgumentException("origin must be finite");
        }
    }

    /** The whole image at 1:1 (exports). */
    public static Viewport whole(int imageWidth, int imageHeight) {
        return new Viewport(0, 0, 1, imageWidth, imageHeight);
    }

    /** The image scaled to fit {@code width x height}, centred. */
    public static Viewport fit(int imageWidth, int imageHeight, int width, int height) {
        double s = Math.min((double) width / imageWidth, (double) height / imageHeight);
        double ox = (imageWidth - width / s) / 2;
        double oy = (imageHeight - height / s) / 2;
        return new Viewport(ox, oy, s, width, height);
    }

    /** Image coordinate under output x. */
    public double imageX(double sx) {
        return originX + sx / scale;
    }

    public double imageY(double sy) {
        return originY + sy / scale;
    }
}
