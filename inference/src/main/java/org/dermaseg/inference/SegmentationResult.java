package org.dermaseg.inference;

import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.preprocess.Postprocessor;
import org.dermaseg.inference.preprocess.ProbabilityMap;

/**
 * One image's segmentation: the model-size probability map, the mask at the original size and threshold,
 * and how long each stage took. {@link #mask(double)} re-thresholds from the kept probabilities without
 * running the model again.
 */
public final class SegmentationResult {
    private final String source;
    private final int width;
    private final int height;
    private final ProbabilityMap probability;
    private final BinaryMask mask;
    private final double threshold;
    private final Postprocessor postprocessor;
    private final EngineInfo engine;
    private final Timings timings;

    public SegmentationResult(String source, int width, int height, ProbabilityMap probability, BinaryMask mask,
                              double threshold, Postprocessor postprocessor, EngineInfo engine, Timings timings) {
        this.source = source;
        this.width = width;
        this.height = height;
        this.probability = probability;
        this.mask = mask;
        this.threshold = threshold;
        this.postprocessor = postprocessor;
        this.engine = engine;
        this.timings = timings;
    }

    /** Image path or name. */
    public String source() {
        return source;
    }

    /** Original image width (the mask's width). */
    public int width() {
        return width;
    }

    /** Original image height (the mask's height). */
    public int height() {
        return height;
    }

    /** The model's output at model size (256x256). */
    public ProbabilityMap probability() {
        return probability;
    }

    /** Mask at the original size and {@link #threshold()}. */
    public BinaryMask mask() {
        return mask;
    }

    public double threshold() {
        return threshold;
    }

    /** Mask at the original size for another threshold (same clean-up options), without inference. */
    public BinaryMask mask(double otherThreshold) {
        if (otherThreshold == threshold) {
            return mask;
        }
        return postprocessor.toMask(probability, width, height, otherThreshold);
    }

    /** This result re-thresholded (same clean-up); see {@link #remasked}. */
    public SegmentationResult withThreshold(double otherThreshold) {
        return remasked(otherThreshold, postprocess());
    }

    /** The clean-up applied to {@link #mask()} and by {@link #mask(double)}. */
    public PostprocessOptions postprocess() {
        return postprocessor.options();
    }

    /** This result with another clean-up (same threshold); see {@link #remasked}. */
    public SegmentationResult withPostprocess(PostprocessOptions options) {
        return remasked(threshold, options);
    }

    /**
     * The same inference with the mask derived again from the kept probabilities for this threshold and
     * clean-up (no model run); itself when both are unchanged. Timings keep the original inference and report
     * the new postprocessing.
     */
    public SegmentationResult remasked(double otherThreshold, PostprocessOptions options) {
        if (otherThreshold == threshold && options.equals(postprocessor.options())) {
            return this;
        }
        long t0 = System.nanoTime();
        Postprocessor p = options.equals(postprocessor.options()) ? postprocessor : new Postprocessor(options);
        BinaryMask m = p.toMask(probability, width, height, otherThreshold);
        double post = (System.nanoTime() - t0) / 1e6;
        return new SegmentationResult(source, width, height, probability, m, otherThreshold, p, engine,
                new Timings(timings.decodeMs(), timings.preprocessMs(), timings.inferMs(), post));
    }

    public EngineInfo engine() {
        return engine;
    }

    public Timings timings() {
        return timings;
    }

    /** Lesion area in pixels at the original size. */
    public long lesionArea() {
        return mask.area();
    }
}
