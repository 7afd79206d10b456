package org.dermaseg.inference.preprocess;

import org.dermaseg.inference.image.OpenCvNatives;
import org.opencv.core.Core;
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
        float t = (float) threshold;
        byte[] mask = new byte[up.length];
        for (int i = 0; i < up.length; i++) {
            mask[i] = up[i] >= t ? (byte) 1 : 0;
        }
        if (options.keepLargestComponent()) {
            keepLargest(mask, width, height);
        }
        if (options.fillHoles()) {
            fillHoles(mask, width, height);
        }
        return new BinaryMask(width, height, mask);
    }

    /** Bilinear (INTER_LINEAR) resize of the probabilities to width x height. */
    public static float[] resize(ProbabilityMap prob, int width, int height) {
        if (width == prob.width() && height == prob.height()) {
            return prob.values().clone();
        }
        Mat src = new Mat(prob.height(), prob.width(), CvType.CV_32FC1);
        Mat dst = new Mat();
        try {
            src.put(0, 0, prob.values());
            Imgproc.resize(src, dst, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
            float[] out = new float[Math.multiplyExact(width, height)];
            dst.get(0, 0, out);
            return out;
        } finally {
            src.release();
            dst.release();
        }
    }

    /** Zeroes every 8-connected foreground component but the largest (ties: the lowest label). */
    static void keepLargest(byte[] mask, int width, int height) {
        Mat m = wrap(mask, width, height);
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        try {
            int n = Imgproc.connectedComponentsWithStats(m, labels, stats, centroids, 8, CvType.CV_32S);
            if (n <= 2) {
                return; // background plus at most one component
            }
            int best = 1;
            double bestArea = -1;
            for (int i = 1; i < n; i++) {
                double area = stats.get(i, Imgproc.CC_STAT_AREA)[0];
                if (area > bestArea) {
                    bestArea = area;
                    best = i;
                }
            }
            int[] lab = new int[mask.length];
            labels.get(0, 0, lab);
            for (int i = 0; i < mask.length; i++) {
                mask[i] = lab[i] == best ? (byte) 1 : 0;
            }
        } finally {
            m.release();
            labels.release();
            stats.release();
            centroids.release();
        }
    }

    /**
     * Sets background regions that do not touch the image border to foreground. Background is taken
     * 4-connected, the dual of 8-connected foreground, so a diagonal gap in a lesion's rim does not count
     * as an opening.
     */
    static void fillHoles(byte[] mask, int width, int height) {
        Mat m = wrap(mask, width, height);
        Mat background = new Mat();
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        try {
            Core.compare(m, new org.opencv.core.Scalar(0), background, Core.CMP_EQ);
            int n = Imgproc.connectedComponentsWithStats(background, labels, stats, centroids, 4, CvType.CV_32S);
            boolean[] hole = new boolean[n];
            for (int i = 1; i < n; i++) {
                int left = (int) stats.get(i, Imgproc.CC_STAT_LEFT)[0];
                int top = (int) stats.get(i, Imgproc.CC_STAT_TOP)[0];
                int w = (int) stats.get(i, Imgproc.CC_STAT_WIDTH)[0];
                int h = (int) stats.get(i, Imgproc.CC_STAT_HEIGHT)[0];
                hole[i] = left > 0 && top > 0 && left + w < width && top + h < height;
            }
            int[] lab = new int[mask.length];
            labels.get(0, 0, lab);
            for (int i = 0; i < mask.length; i++) {
                if (hole[lab[i]]) {
                    mask[i] = 1;
                }
            }
        } finally {
            m.release();
            background.release();
            labels.release();
            stats.release();
            centroids.release();
        }
    }

    private static Mat wrap(byte[] mask, int width, int height) {
        Mat m = new Mat(height, width, CvType.CV_8UC1);
        m.put(0, 0, mask);
        return m;
    }
}
