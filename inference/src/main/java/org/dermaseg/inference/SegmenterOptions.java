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
 */
public record SegmenterOptions(Double threshold, PostprocessOptions postprocess, ImageLimits limits,
                               boolean reducedDecode) {
    public static final SegmenterOptions DEFAULT =
            new SegmenterOptions(null, PostprocessOptions.NONE, ImageLimits.DEFAULT, true);

    public SegmenterOptions {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold " + threshold + " outside [0, 1]");
        }
        java.util.Objects.requireNonNull(postprocess, "postprocess");
        java.util.Objects.requireNonNull(limits, "limits");
    }

    public SegmenterOptions withThreshold(Double t) {
        return new SegmenterOptions(t, postprocess, limits, reducedDecode);
    }

    public SegmenterOptions withPostprocess(PostprocessOptions p) {
        return new SegmenterOptions(threshold, p, limits, reducedDecode);
    }

    public SegmenterOptions withLimits(ImageLimits l) {
        return new SegmenterOptions(threshold, postprocess, l, reducedDecode);
    }

    public SegmenterOptions withReducedDecode(boolean r) {
        return new SegmenterOptions(threshold, postprocess, limits, r);
    }
}
