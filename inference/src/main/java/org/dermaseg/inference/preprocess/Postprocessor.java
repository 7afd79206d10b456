package org.dermaseg.inference.preprocess;

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
        // A background component is a hole when it touches no border pixel (what the bounding-box test of
        // OpenCV's connected components, used before, decided): flood the background 4-connected from the border,
        // marking what is reached 2, then every 0 left is a hole. In Java: the labels image and its copy out of
        // OpenCV cost more than the fill (docs/performance.md).
        int[] stack = new int[Math.max(1024, 2 * (width + height) + 4)]; // every border pixel fits
        int top = 0;
        for (int x = 0; x < width; x++) {
            top = seed(mask, x, stack, top);
            top = seed(mask, (height - 1) * width + x, stack, top);
        }
        for (int y = 1; y < height - 1; y++) {
            top = seed(mask, y * width, stack, top);
            top = seed(mask, y * width + width - 1, stack, top);
        }
        while (top > 0) {
            int i = stack[--top];
            int x = i % width;
            if (stack.length - top < 4) {
                stack = java.util.Arrays.copyOf(stack, stack.length * 2);
            }
            if (x > 0 && mask[i - 1] == 0) {
                mask[i - 1] = 2;
                stack[top++] = i - 1;
            }
            if (x < width - 1 && mask[i + 1] == 0) {
                mask[i + 1] = 2;
                stack[top++] = i + 1;
            }
            if (i >= width && mask[i - width] == 0) {
                mask[i - width] = 2;
                stack[top++] = i - width;
            }
            if (i + width < mask.length && mask[i + width] == 0) {
                mask[i + width] = 2;
                stack[top++] = i + width;
            }
        }
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 2) {
                mask[i] = 0;
            } else if (mask[i] == 0) {
                mask[i] = 1;
            }
        }
    }

    /** Marks border pixel {@code i} reached (2) and pushes it when it is unvisited background. */
    private static int seed(byte[] mask, int i, int[] stack, int top) {
        if (mask[i] != 0) {
            return top;
        }
        mask[i] = 2;
        stack[top] = i;
        return top + 1;
    }

    private static Mat wrap(byte[] mask, int width, int height) {
        Mat m = new Mat(height, width, CvType.CV_8UC1);
        m.put(0, 0, mask);
        return m;
    }
}
