package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
    @Test
    void nearestRankPercentiles() {
        double[] ms = new double[20];
        for (int i = 0; i < 20; i++) {
            ms[i] = 20 - i; // 20..1, unsorted on purpose
        }
        LatencyStats s = LatencyStats.of(ms);
        assertEquals(10, s.median()); // rank ceil(0.5*20) = 10
        assertEquals(19, s.p95()); // rank ceil(0.95*20) = 19
        assertEquals(1, s.min());
        assertEquals(20, s.max());
        assertEquals(10.5, s.mean(), 1e-12);
        assertEquals(20, ms[0], "input not reordered");
    }

    @Test
    void singleValueAndEmpty() {
        LatencyStats s = LatencyStats.of(new double[] {7});
        assertEquals(7, s.median());
        assertEquals(7, s.p95());
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new double[0]));
    }
}
