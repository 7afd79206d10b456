package org.dermaseg.inference.measure;

/**
 * Which dermoscopic colour each analysis-grid pixel of the lesion was assigned to, with the grid's place in
 * the image, so an overlay can paint the regions over the image at any size.
 */
public final class ColourRegions {
    /** Label of a pixel outside the lesion or nearest to the skin (no dermoscopic colour). */
    public static final byte NONE = -1;

    private final int gridWidth;
    private final int gridHeight;
    private final byte[] labels;
    private final double originX;
    private final double originY;
    private final double scale;

    ColourRegions(int gridWidth, int gridHeight, byte[] labels, double originX, double originY, double scale) {
        this.gridWidth = gridWidth;
        this.gridHeight = gridHeight;
        this.labels = labels;
        this.originX = originX;
        this.originY = originY;
        this.scale = scale;
    }

    /** Width of the analysis grid the regions are labelled on. */
    public int gridWidth() {
        return gridWidth;
    }

    public int gridHeight() {
        return gridHeight;
    }

    /** Image x of the grid's left edge. */
    public double originX() {
        return originX;
    }

    /** Image y of the grid's top edge. */
    public double originY() {
        return originY;
    }

    /** Image pixels per grid pixel. */
    public double gridScale() {
        return scale;
    }

    /**
     * The regions at grid resolution as ARGB ({@link #gridWidth()} x {@link #gridHeight()}), for a viewer that
     * places and scales the picture itself (cheaper than {@link #argb} for a large image).
     */
    public int[] gridArgb(int alpha) {
        int[] out = new int[labels.length];
        int a = (alpha & 0xff) << 24;
        DermoscopicColour[] all = DermoscopicColour.values();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != NONE) {
                out[i] = a | displayRgb(all[labels[i]]);
            }
        }
        return out;
    }

    /** The colour at image pixel (x, y), or null. */
    public DermoscopicColour at(int x, int y) {
        int gx = (int) Math.floor((x + 0.5 - originX) / scale);
        int gy = (int) Math.floor((y + 0.5 - originY) / scale);
        if (gx < 0 || gy < 0 || gx >= gridWidth || gy >= gridHeight) {
            return null;
        }
        byte l = labels[gy * gridWidth + gx];
        return l == NONE ? null : DermoscopicColour.values()[l];
    }

    /**
     * The regions as non-premultiplied ARGB pixels of a {@code width} x {@code height} image (the image's
     * size), each region in its prototype's colour at {@code alpha} (0-255), transparent elsewhere.
     */
    public int[] argb(int width, int height, int alpha) {
        int[] out = new int[width * height];
        int a = (alpha & 0xff) << 24;
        int x0 = Math.max(0, (int) Math.floor(originX));
        int y0 = Math.max(0, (int) Math.floor(originY));
        int x1 = Math.min(width, (int) Math.ceil(originX + gridWidth * scale));
        int y1 = Math.min(height, (int) Math.ceil(originY + gridHeight * scale));
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                DermoscopicColour c = at(x, y);
                if (c != null) {
                    out[y * width + x] = a | displayRgb(c);
                }
            }
        }
        return out;
    }

    /**
     * Display colour of a region. Not the prototype itself: the prototypes of the two browns and black are
     * hard to tell apart over a brown lesion, so each region gets a clearly different tone (legends name them).
     */
    public static int displayRgb(DermoscopicColour c) {
        return switch (c) {
            case WHITE -> 0xF5F5FF;
            case RED -> 0xE53935;
            case LIGHT_BROWN -> 0xFFB74D;
            case DARK_BROWN -> 0x8D4E1A;
            case BLUE_GRAY -> 0x5C7CFA;
            case BLACK -> 0x111111;
        };
    }
}
