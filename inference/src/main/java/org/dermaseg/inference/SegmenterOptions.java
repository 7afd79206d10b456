package org.dermaseg.inference;

import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.preprocess.PostprocessOptions;

/**
 * How a {@link Segmenter} loads images and turns probabilities into masks.
 *
 * @param threshold mask threshold, or null for the model card's
 * @param postprocess clean-up after thresholding
 * @param limits image size limits
 * @param reducedDecode decode large JPEGs at 1/2..1/8 since the model sees 256x256 anyway
 * @param tta flip test-time augmentation: the engine runs under {@link org.dermaseg.inference.engine.FlipTtaEngine}
 */
public record SegmenterOptions(Double threshold, PostprocessOptions postprocess, ImageLimits limits,
                               boolean reducedDecode, boolean tta) {
    public static final SegmenterOptions DEFAULT =
            new SegmenterOptions(null, PostprocessOptions.NONE, ImageLimits.DEFAULT, true, SegmentationDefaults.TTA);

    public SegmenterOptions {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold " + threshold + " outside [0, 1]");
        }
        java.util.Objects.requireNonNull(postprocess, "postprocess");
        java.util.Objects.requireNonNull(limits, "limits");
    }

    public SegmenterOptions withThreshold(Double t) {
        return new SegmenterOptions(t, postprocess, limits, reducedDecode, tta);
    }

    public SegmenterOptions withPostprocess(PostprocessOptions p) {
        return new SegmenterOptions(threshold, p, limits, reducedDecode, tta);
    }

    public SegmenterOptions withLimits(ImageLimits l) {
        return new SegmenterOptions(threshold, postprocess, l, reducedDecode, tta);
    }

    public SegmenterOptions withReducedDecode(boolean r) {
        return new SegmenterOptions(threshold, postprocess, limits, r, tta);
    }

    public SegmenterOptions withTta(boolean t) {
        return new SegmenterOptions(threshold, postprocess, limits, reducedDecode, t);
    }
}
