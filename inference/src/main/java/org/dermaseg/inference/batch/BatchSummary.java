package org.dermaseg.inference.batch;

import org.dermaseg.inference.metrics.PoolSummary;

/**
 * Totals of a batch or evaluation run.
 *
 * @param listed       entries in this shard of the listing (images and problem entries)
 * @param ok           processed and written
 * @param failed       inputs that failed, each listed in the report with its reason
 * @param skipped      skipped by {@code --resume}
 * @param notReached   entries never processed because the run was cancelled
 * @param metrics      pooled metrics over the rows with ground truth (both protocols), or null when no
 *                     image was scored; covers {@code metrics.images()} images, not skipped ones
 * @param reportCsv    where the CSV report went, or null
 */
public record BatchSummary(long listed, long ok, long failed, long skipped, long notReached, boolean cancelled,
                           PoolSummary metrics, double wallSeconds, String shard,
                           String engine, String device, String reportCsv, String reportJson) {

    /** All inputs processed or deliberately skipped, nothing failed, not cancelled. */
    public boolean allGood() {
        return failed == 0 && !cancelled && notReached == 0;
    }

    public long scored() {
        return metrics == null ? 0 : metrics.images();
    }
}
