package org.dermaseg.inference.metrics;

/**
 * Resizing of binary masks for the paper protocol, in pure Java so metrics never need OpenCV's
 * natives. The sampling formulas are OpenCV's (and torchvision's, align_corners=False) so numbers
 * agree with the Python reference pipeline.
 */
public final class MaskResize {
    private MaskResize() {
    }

    /** OpenCV {@code INTER_NEAREST}: source index {@code floor(dst * src/dstSize)}. Any non-zero is 1. */
    public static byte[] nearest(byte[] src, int srcW, int srcH, int dstW, int dstH) {
        check(src, srcW, srcH, dstW, dstH);
        int[] xs = new int[dstW];
        double sx = (double) srcW / dstW;
        for (int x = 0; x < dstW; x++) {
            xs[x] = Math.min((int) Math.floor(x * sx), srcW - 1);
        }
        double sy = (double) srcH / dstH;
        byte[] out = new byte[dstW * dstH];
        for (int y = 0; y < dstH; y++) {
            int srcRow = Math.min((int) Math.floor(y * sy), srcH - 1) * srcW;
            for (int x = 0; x < dstW; x++) {
                out[y * dstW + x] = src[srcRow + xs[x]] != 0 ? (byte) 1 : 0;
            }
        }
        return out;
    }

    /**
     * Bilinear resize of a 0/1 mask with half-pixel centres (OpenCV {@code INTER_LINEAR}, no
     * antialiasing), then {@code value > cut} -&gt; 1. The reference code resizes ground truth this way
     * and re-binarises it with {@code > 0.5}.
     */
    public static byte[] bilinearThenBinarise(byte[] src, int srcW, int srcH, int dstW, int dstH, double cut) {
        check(src, srcW, srcH, dstW, dstH);
        int[] x0 = new int[dstW];
        int[] x1 = new int[dstW];
        double[] ax = new double[dstW];
        axis(srcW, dstW, x0, x1, ax);
        int[] y0 = new int[dstH];
        int[] y1 = new int[dstH];
        double[] ay = new double[dstH];
        axis(srcH, dstH, y0, y1, ay);
        byte[] out = new byte[dstW * dstH];
        for (int y = 0; y < dstH; y++) {
            int r0 = y0[y] * srcW;
            int r1 = y1[y] * srcW;
            for (int x = 0; x < dstW; x++) {
                double top = v(src[r0 + x0[x]]) * (1 - ax[x]) + v(src[r0 + x1[x]]) * ax[x];
                double bottom = v(src[r1 + x0[x]]) * (1 - ax[x]) + v(src[r1 + x1[x]]) * ax[x];
                double value = top * (1 - ay[y]) + bottom * ay[y];
                out[y * dstW + x] = value > cut ? (byte) 1 : 0;
            }
        }
        return out;
    }

    private static double v(byte b) {
        return b != 0 ? 1.0 : 0.0;
    }

    private static void axis(int srcSize, int dstSize, int[] i0, int[] i1, double[] alpha) {
        double scale = (double) srcSize / dstSize;
        for (int d = 0; d < dstSize; d++) {
            double f = (d + 0.5) * scale - 0.5;
            int s = (int) Math.floor(f);
            double a = f - s;
            if (s < 0) {
                s = 0;
                a = 0;
            }
            if (s >= srcSize - 1) {
                s = srcSize - 1;
                a = 0;
            }
            i0[d] = s;
            i1[d] = Math.min(s + 1, srcSize - 1);
            alpha[d] = a;
        }
    }

    private static void check(byte[] src, int srcW, int srcH, int dstW, int dstH) {
        if (srcW <= 0 || srcH <= 0 || dstW <= 0 || dstH <= 0) {
            throw new IllegalArgumentException("bad sizes " + srcW + "x" + srcH + " -> " + dstW + "x" + dstH);
        }
        if (src.length != (long) srcW * srcH) {
            throw new IllegalArgumentException("mask has " + src.length + " pixels, expected " + srcW + "x" + srcH);
        }
    }
}
