package org.dermaseg.inference.metrics;

/**
 * Every metric of one image.
 *
 * @param nativeConfusion counts at the image's own resolution
 * @param nativeMetrics   overlap metrics from {@code nativeConfusion} ({@link Protocol#NATIVE})
 * @param surface         HD95 / mean surface distance at native resolution, in pixels
 * @param paperConfusion  counts at 256x256 as {@link Protocol#PAPER} defines them (this image's
 *                        share of the pooled matrix)
 * @param paperMetrics    overlap metrics of this image alone at 256x256
 */
public record ImageEvaluation(String id, int width, int height,
                              Confusion nativeConfusion, MaskMetrics nativeMetrics, SurfaceDistance surface,
                              Confusion paperConfusion, MaskMetrics paperMetrics) {

    /** The per-image metrics a protocol reports for this image. */
    public MaskMetrics metrics(Protocol protocol) {
        return protocol == Protocol.PAPER ? paperMetrics : nativeMetrics;
    }
}
