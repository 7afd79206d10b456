package org.dermaseg.inference.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link Selection#kth} gives exactly what sorting then indexing gives, duplicates and sorted inputs included. */
class SelectionTest {
    @Test
    void sameValueAsSortingForEveryKindOfInput() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(trial < 100 ? 20 : 5000);
            double[] a = new double[n + rnd.nextInt(3)]; // room after n is ignored
            int kind = trial % 5;
            for (int i = 0; i < a.length; i++) {
                a[i] = switch (kind) {
                    case 0 -> rnd.nextDouble();
                    case 1 -> rnd.nextInt(4); // many duplicates
                    case 2 -> i; // sorted
                    case 3 -> -i; // reversed
                    default -> 0.25; // all equal
                };
            }
            double[] sorted = Arrays.copyOf(a, n);
            Arrays.sort(sorted);
            for (int k : new int[] {0, n / 2, Math.min(n - 1, n * 9 / 10), n - 1, rnd.nextInt(n)}) {
                assertEquals(sorted[k], Selection.kth(a.clone(), n, k), "trial " + trial + ", k " + k + " of " + n);
            }
        }
    }

    @Test
    void refusesAnIndexOutsideTheValues() {
        assertThrows(IndexOutOfBoundsException.class, () -> Selection.kth(new double[3], 3, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Selection.kth(new double[3], 0, 0));
    }
}
