package org.dermaseg.inference.preprocess;

/** Lesion probabilities in [0, 1], row-major, one float per pixel (the model's 256x256 output). */
public final class ProbabilityMap {
    private final int width;
    private final int height;
    private final float[] values;

    public ProbabilityMap(int width, int height, float[] values) {
        if ((long) width * height != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.values = values;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Not copied: do not modify. */
    public float[] values() {
        return values;
    }

    public float get(int x, int y) {
        return values[y * width + x];
    }
}
