package org.dermaseg.inference.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link FixedDecimal} writes what {@code String.format(Locale.ROOT, "%.Nf", v)} writes, character for character. */
class FixedDecimalTest {
    private static final int[] PLACES = {0, 1, 2, 4, 6, 9, 12};

    private static void same(double v) {
        for (int p : PLACES) {
            same(v, p);
        }
    }

    private static void same(double v, int places) {
        assertEquals(String.format(Locale.ROOT, "%." + places + "f", v), FixedDecimal.format(v, places),
                v + " with " + places);
    }

    @Test
    void edgeCases() {
        double[] values = {0.0, -0.0, -1e-9, 1e-9, 0.5, 1.5, 2.5, -0.5, 0.00005, 0.00015, 1.00005, 2.5e-5, -2.5e-5,
            0.05, 0.15, 0.25, 0.35, 0.45, 0.000_000_5, 0.000_001_5, 123456789.123456789, 0.1, 1e-300,
            Double.MIN_VALUE, -Double.MIN_VALUE, 9.99995, 9.999_999_5, 1e15, 1e20, 1.0E22, 4.35, 0.9999999999};
        for (double v : values) {
            same(v);
        }
    }

    @Test
    void randomValuesOfManyKinds() {
        Random r = new Random(20261203L);
        double[] scales = {1e-7, 1e-4, 1e-2, 1, 10, 1e3, 1e6, 1e9};
        for (int i = 0; i < 200_000; i++) {
            double v;
            switch (i % 4) {
                case 0:
                    v = (r.nextDouble() - 0.5) * scales[r.nextInt(scales.length)];
                    break;
                case 1: // on or next to a half-way point of 4 and 6 decimals
                    v = r.nextInt(1_000_000) / 1e6 + (r.nextBoolean() ? 5e-5 : 5e-7) * (r.nextBoolean() ? 1 : -1);
                    break;
                case 2: // any finite bit pattern of a moderate magnitude
                    v = Double.longBitsToDouble(r.nextLong());
                    if (!Double.isFinite(v) || Math.abs(v) > 1e15) {
                        continue;
                    }
                    break;
                default: // measurement-like values: Dice, mm, Delta E, fractions
                    v = r.nextGaussian() * r.nextInt(1000);
            }
            same(v);
        }
    }

    /**
     * Values on and a few ulps either side of the half-way points of 0 to 10 places: where rounding the value
     * itself and rounding Double.toString's digits (what the Formatter does) part ways, e.g. 9.665 to 2 places.
     */
    @Test
    void valuesNearHalfWayPointsOfEveryPlaceCount() {
        Random r = new Random(20261204L);
        for (int places = 0; places <= 10; places++) {
            double scale = Math.pow(10, places);
            for (int i = 0; i < 20_000; i++) {
                long whole = i % 2 == 0 ? r.nextInt(1000) : (long) (r.nextDouble() * 1e9);
                double v = (whole + 0.5) / scale;
                for (int k = r.nextInt(4); k > 0; k--) {
                    v = r.nextBoolean() ? Math.nextUp(v) : Math.nextDown(v);
                }
                if (r.nextBoolean()) {
                    v = -v;
                }
                same(v, places);
            }
        }
    }

    @Test
    void refusesWhatHasNoFixedForm() {
        assertThrows(IllegalArgumentException.class, () -> FixedDecimal.format(Double.NaN, 4));
        assertThrows(IllegalArgumentException.class, () -> FixedDecimal.format(Double.POSITIVE_INFINITY, 4));
        assertThrows(IllegalArgumentException.class, () -> FixedDecimal.format(1.0, -1));
    }
}
