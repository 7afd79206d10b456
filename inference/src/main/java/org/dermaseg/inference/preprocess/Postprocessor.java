package org.dermaseg.inference.preprocess;

import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.image.OpenCvNatives;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Probability map (model size) to a mask at the original image size: INTER_LINEAR on float probabilities,
 * then {@code prob >= threshold}; optionally keep the largest component and fill holes. Thread-safe.
 */
public final class Postprocessor {
    private final PostprocessOptions options;

    public Postprocessor() {
        this(PostprocessOptions.NONE);
    }

    public Postprocessor(PostprocessOptions options) {
        this.options = options;
        OpenCvNatives.ensureLoaded();
    }

    public PostprocessOptions options() {
        return options;
    }

    public BinaryMask toMask(ProbabilityMap prob, int width, int height, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold " + threshold + " outside [0, 1]");
        }
        float[] up = resize(prob, width, height);
        // compare in float, as numpy does with a float32 array against a Python float threshold
        RowRuns runs = RowRuns.atOrAbove(up, width, height, (float) threshold);
        if (options.keepLargestComponent()) {
            runs = runs.largest8Connected();
        }
        if (options.fillHoles()) {
            runs = runs.holesFilled();
        }
        return new BinaryMask(width, height, runs.toMask());
    }

    /** Bilinear (INTER_LINEAR) resize of the probabilities to width x height. */
    public static float[] resize(ProbabilityMap prob, int width, int height) {
        if (width == prob.width() && height == prob.height()) {
            return prob.values().clone();
        }
        try (MatScope mats = new MatScope()) {
            Mat src = mats.add(new Mat(prob.height(), prob.width(), CvType.CV_32FC1));
            Mat dst = mats.add(new Mat());
            src.put(0, 0, prob.values());
            Imgproc.resize(src, dst, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
            float[] out = new float[Math.multiplyExact(width, height)];
            dst.get(0, 0, out);
            return out;
        }
    }

    /** Zeroes every 8-connected foreground component but the largest ({@link RowRuns#largest8Connected}). */
    static void keepLargest(byte[] mask, int width, int height) {
        RowRuns.of(mask, width, height).largest8Connected().writeTo(mask);
    }

    /**
     * Sets background regions that do not touch the image border to foreground ({@link RowRuns#holesFilled}:
     * background 4-connected, the dual of 8-connected foreground, so a diagonal gap in a lesion's rim does not
     * count as an opening).
     */
    static void fillHoles(byte[] mask, int width, int height) {
        RowRuns.of(mask, width, height).holesFilled().writeTo(mask);
    }
}
