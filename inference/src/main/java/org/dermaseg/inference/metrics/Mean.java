package org.dermaseg.inference.metrics;

/**
 * A mean over images that skips undefined values instead of hiding them.
 *
 * @param value    mean of the finite values; NaN when there were none
 * @param count    finite values averaged
 * @param skipped  values left out because they were NaN (undefined, e.g. sensitivity with an
 *                 empty ground truth) or infinite (e.g. HD95 with exactly one empty mask)
 */
public record Mean(double value, int count, int skipped) {

    /** Running accumulator; not thread-safe. */
    public static final class Accumulator {
        private double sum;
        private int count;
        private int skipped;

        public void add(double v) {
            if (Double.isFinite(v)) {
                sum += v;
                count++;
            } else {
                skipped++;
            }
        }

        public Mean result() {
            return new Mean(count == 0 ? Double.NaN : sum / count, count, skipped);
        }
    }
}
