package org.dermaseg.inference.metrics;

import java.util.Locale;

/** The two named ways of turning per-image results into one number for a data set. */
public enum Protocol {
    /**
     * The UltraLight VM-UNet paper's scoring: prediction = 256x256 model output thresholded at 0.5
     * (or, when only a mask file exists, the mask resized exactly as the ground truth is, so that a mask
     * equal to its ground truth scores 1); ground truth resized bilinearly to 256x256 and re-binarised
     * with {@code > 0.5}; ONE confusion matrix pooled
     * over all pixels of all images; DSC, SE, SP, ACC and mIoU = TP/(TP+FP+FN) from that matrix.
     */
    PAPER("paper"),
    /** Metrics per image at the image's own resolution, then the mean over images. */
    NATIVE("native");

    private final String id;

    Protocol(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Protocol parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Protocol p : values()) {
            if (p.id.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "' (expected paper or native)");
    }

    @Override
    public String toString() {
        return id;
    }
}
