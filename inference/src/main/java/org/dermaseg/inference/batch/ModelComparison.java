package org.dermaseg.inference.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.metrics.Protocol;
import org.dermaseg.inference.report.ImageRecord;

/**
 * Several models scored on the same images: for each, pooled Dice and IoU (one confusion matrix over the
 * images) and the per-image means, over the images every model scored (so the means compare like with like),
 * and how often it had the best per-image Dice. A per-image tie (equal Dice) is nobody's win.
 */
public final class ModelComparison {
    /** One model's rows of one run. */
    public record Run(String modelId, String modelVersion, List<ImageRecord> rows) {
    }

    /** One model's numbers over the common images. */
    public record Score(String modelId, String modelVersion, double pooledDice, double pooledIou, double meanDice,
                        double meanIou, int wins) {
    }

    /** One image's Dice per model (in run order) and the id of the model with the best one (null on a tie). */
    public record ImageDice(String path, double[] dice, String winner) {
    }

    /**
     * @param images  images every model scored
     * @param ties    images where the best Dice was shared
     * @param missing images some model did not score (failed or without ground truth): left out of every number
     */
    public record Result(Protocol protocol, List<Score> models, int images, int ties, int missing,
                         List<ImageDice> perImage) {
    }

    private ModelComparison() {
    }

    public static Result compare(List<Run> runs, Protocol protocol) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("a comparison needs at least two models, not " + runs.size());
        }
        // the images every run scored, in the first run's order
        List<Map<String, ImageRecord>> byPath = new ArrayList<>();
        for (Run r : runs) {
            Map<String, ImageRecord> m = new LinkedHashMap<>();
            for (ImageRecord row : r.rows()) {
                if (row.hasMetrics()) {
                    m.put(row.path(), row);
                }
            }
            byPath.add(m);
        }
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        byPath.forEach(m -> all.addAll(m.keySet()));
        List<String> common = new ArrayList<>();
        for (String p : all) {
            if (byPath.stream().allMatch(m -> m.containsKey(p))) {
                common.add(p);
            }
        }
        int n = runs.size();
        Confusion[] pooled = new Confusion[n];
        double[] diceSum = new double[n];
        double[] iouSum = new double[n];
        int[] wins = new int[n];
        int ties = 0;
        List<ImageDice> perImage = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pooled[i] = new Confusion();
        }
        for (String p : common) {
            double[] dice = new double[n];
            for (int i = 0; i < n; i++) {
                ImageRecord row = byPath.get(i).get(p);
                MaskMetrics m = row.evaluation().metrics(protocol);
                pooled[i].merge(protocol == Protocol.PAPER ? row.evaluation().paperConfusion()
                        : row.evaluation().nativeConfusion());
                dice[i] = m.dice();
                diceSum[i] += m.dice();
                iouSum[i] += m.iou();
            }
            int best = 0;
            boolean tie = false;
            for (int i = 1; i < n; i++) {
                if (dice[i] > dice[best]) {
                    best = i;
                    tie = false;
                } else if (dice[i] == dice[best]) {
                    tie = true;
                }
            }
            if (tie) {
                ties++;
            } else {
                wins[best]++;
            }
            perImage.add(new ImageDice(p, dice, tie ? null : runs.get(best).modelId()));
        }
        List<Score> scores = new ArrayList<>();
        int k = common.size();
        for (int i = 0; i < n; i++) {
            scores.add(new Score(runs.get(i).modelId(), runs.get(i).modelVersion(), MaskMetrics.dice(pooled[i]),
                    MaskMetrics.iou(pooled[i]), k == 0 ? Double.NaN : diceSum[i] / k,
                    k == 0 ? Double.NaN : iouSum[i] / k, wins[i]));
        }
        return new Result(protocol, scores, k, ties, all.size() - k, perImage);
    }
}
