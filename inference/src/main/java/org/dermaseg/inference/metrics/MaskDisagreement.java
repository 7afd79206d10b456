package org.dermaseg.inference.metrics;

import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * Where two masks of one image differ: pixels only the first marks as lesion, pixels only the second does,
 * and their share of the image.
 */
public record MaskDisagreement(int width, int height, long onlyFirst, long onlySecond) {

    public static MaskDisagreement of(BinaryMask first, BinaryMask second) {
        if (first.width() != second.width() || first.height() != second.height()) {
            throw new IllegalArgumentException("masks differ in size: " + first.width() + "x" + first.height()
                    + " and " + second.width() + "x" + second.height());
        }
        byte[] a = first.data();
        byte[] b = second.data();
        long onlyA = 0;
        long onlyB = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] != 0;
            boolean y = b[i] != 0;
            if (x && !y) {
                onlyA++;
            } else if (y && !x) {
                onlyB++;
            }
        }
        return new MaskDisagreement(first.width(), first.height(), onlyA, onlyB);
    }

    public long differing() {
        return onlyFirst + onlySecond;
    }

    /** Differing pixels over all pixels of the image. */
    public double fraction() {
        long total = (long) width * height;
        return total == 0 ? 0 : (double) differing() / total;
    }
}
