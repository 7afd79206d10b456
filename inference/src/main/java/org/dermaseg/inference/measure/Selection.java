package org.dermaseg.inference.measure;

import java.util.Arrays;

/**
 * The k-th smallest of some doubles without sorting them all: what {@code Arrays.sort} then {@code [k]} gives,
 * in linear expected time. The skin estimate takes a median and the lesion's lightest tenth of tens of thousands
 * of values per image; sorting them was the measurements' largest single cost in a batch profile.
 */
final class Selection {
    /** Rounds of partitioning before falling back to a sort (guards against quadratic inputs). */
    private static final int MAX_ROUNDS = 64;

    private Selection() {
    }

    /**
     * The value {@code Arrays.sort(a, 0, n)} would leave at index {@code k}; reorders {@code a[0..n)}.
     * The values must not be NaN.
     */
    static double kth(double[] a, int n, int k) {
        if (k < 0 || k >= n || n > a.length) {
            throw new IndexOutOfBoundsException("k " + k + " of " + n);
        }
        int lo = 0;
        int hi = n - 1;
        for (int round = 0; hi > lo; round++) {
            if (round == MAX_ROUNDS) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            double p = median3(a[lo], a[(lo + hi) >>> 1], a[hi]);
            // three-way partition: [lo, lt) < p, [lt, gt] == p, (gt, hi] > p
            int lt = lo;
            int i = lo;
            int gt = hi;
            while (i <= gt) {
                double v = a[i];
                if (v < p) {
                    a[i++] = a[lt];
                    a[lt++] = v;
                } else if (v > p) {
                    a[i] = a[gt];
                    a[gt--] = v;
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return p;
            }
        }
        return a[k];
    }

    private static double median3(double x, double y, double z) {
        return x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));
    }
}
