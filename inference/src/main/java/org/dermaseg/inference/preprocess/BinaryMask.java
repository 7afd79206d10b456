package org.dermaseg.inference.preprocess;

/** A lesion mask: one byte per pixel, 1 = lesion, 0 = background, row-major. */
public final class BinaryMask {
    private final int width;
    private final int height;
    private final byte[] data;

    public BinaryMask(int width, int height, byte[] data) {
        if ((long) width * height != data.length) {
            throw new IllegalArgumentException(data.length + " bytes for " + width + "x" + height);
        }
        for (byte b : data) {
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException("mask values must be 0 or 1, found " + (b & 0xff));
            }
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 0/1 bytes. Not copied: do not modify. */
    public byte[] data() {
        return data;
    }

    public boolean get(int x, int y) {
        return data[y * width + x] != 0;
    }

    /** Lesion pixel count. */
    public long area() {
        long n = 0;
        for (byte b : data) {
            n += b;
        }
        return n;
    }
}
