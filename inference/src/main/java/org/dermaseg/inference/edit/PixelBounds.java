package org.dermaseg.inference.edit;

/**
 * A rectangle of pixels, {@code [x0, x1) x [y0, y1)}, e.g. the part of a mask an edit changed (so a view
 * can redraw only that). Empty when {@code x1 <= x0} or {@code y1 <= y0}.
 */
public record PixelBounds(int x0, int y0, int x1, int y1) {
    public static final PixelBounds EMPTY = new PixelBounds(0, 0, 0, 0);

    public boolean isEmpty() {
        return x1 <= x0 || y1 <= y0;
    }

    public int width() {
        return Math.max(0, x1 - x0);
    }

    public int height() {
        return Math.max(0, y1 - y0);
    }

    /** The smallest rectangle holding both. */
    public PixelBounds union(PixelBounds o) {
        if (o == null || o.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return o;
        }
        return new PixelBounds(Math.min(x0, o.x0), Math.min(y0, o.y0), Math.max(x1, o.x1), Math.max(y1, o.y1));
    }

    /** One pixel at (x, y). */
    static PixelBounds of(int x, int y) {
        return new PixelBounds(x, y, x + 1, y + 1);
    }
}
