package org.dermaseg.inference.metrics;

/**
 * Data-set level numbers of a {@link MetricsPool}, one block per {@link Protocol}.
 *
 * @param images       images evaluated
 * @param paperPooled  the one confusion matrix over all pixels of all images at 256x256
 * @param paper        DSC / mIoU(=IoU of the pooled matrix) / SE / SP / ACC of {@code paperPooled}
 * @param nativeDice   mean of per-image Dice at native resolution (usually lower than pooled DSC)
 */
public record PoolSummary(int images,
                          Confusion paperPooled, MaskMetrics paper,
                          Mean nativeDice, Mean nativeIou, Mean nativeSensitivity, Mean nativeSpecificity,
                          Mean nativeAccuracy, Mean hd95, Mean meanSurfaceDistance) {
}
