package org.dermaseg.app.cli;

import java.util.Arrays;

/** Summary of timings in milliseconds; percentiles by the nearest-rank method. */
public record LatencyStats(int n, double min, double median, double p95, double mean, double max) {
    public static LatencyStats of(double[] ms) {
        if (ms.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        double[] s = ms.clone();
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return new LatencyStats(s.length, s[0], percentile(s, 50), percentile(s, 95), sum / s.length, s[s.length - 1]);
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
