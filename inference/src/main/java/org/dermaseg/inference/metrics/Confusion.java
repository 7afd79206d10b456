package org.dermaseg.inference.metrics;

import java.util.Objects;

/**
 * Pixel confusion counts of a binary segmentation against its ground truth.
 *
 * <p>Mutable accumulator (counts are {@code long} because a pooled matrix over thousands of
 * images at native resolution overflows {@code int}). Not thread-safe: pool owners synchronise.
 */
public final class Confusion {
    private long tp;
    private long fp;
    private long fn;
    private long tn;

    public Confusion() {
    }

    public Confusion(long tp, long fp, long fn, long tn) {
        if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
            throw new IllegalArgumentException("negative count: tp=" + tp + " fp=" + fp + " fn=" + fn + " tn=" + tn);
        }
        this.tp = tp;
        this.fp = fp;
        this.fn = fn;
        this.tn = tn;
    }

    /**
     * Counts a prediction against a ground truth of the same length; any non-zero byte is foreground
     * (masks are 0/1, but a 0/255 array counts the same way).
     */
    public static Confusion of(byte[] prediction, byte[] groundTruth) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(groundTruth, "groundTruth");
        if (prediction.length != groundTruth.length) {
            throw new IllegalArgumentException("mask sizes differ: prediction has " + prediction.length
                    + " pixels, ground truth " + groundTruth.length);
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < prediction.length; i++) {
            boolean p = prediction[i] != 0;
            boolean g = groundTruth[i] != 0;
            if (p && g) {
                tp++;
            } else if (p) {
                fp++;
            } else if (g) {
                fn++;
            }
        }
        long tn = prediction.length - tp - fp - fn;
        return new Confusion(tp, fp, fn, tn);
    }

    /** Counts one pixel. */
    public Confusion add(boolean predicted, boolean actual) {
        if (predicted && actual) {
            tp++;
        } else if (predicted) {
            fp++;
        } else if (actual) {
            fn++;
        } else {
            tn++;
        }
        return this;
    }

    /** Adds another matrix's counts to this one (pooling). Returns {@code this}. */
    public Confusion merge(Confusion other) {
        tp = Math.addExact(tp, other.tp);
        fp = Math.addExact(fp, other.fp);
        fn = Math.addExact(fn, other.fn);
        tn = Math.addExact(tn, other.tn);
        return this;
    }

    public Confusion copy() {
        return new Confusion(tp, fp, fn, tn);
    }

    public long tp() {
        return tp;
    }

    public long fp() {
        return fp;
    }

    public long fn() {
        return fn;
    }

    public long tn() {
        return tn;
    }

    public long total() {
        return tp + fp + fn + tn;
    }

    /** Foreground pixels of the prediction. */
    public long predictedPositive() {
        return tp + fp;
    }

    /** Foreground pixels of the ground truth. */
    public long actualPositive() {
        return tp + fn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Confusion c && c.tp == tp && c.fp == fp && c.fn == fn && c.tn == tn;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tp, fp, fn, tn);
    }

    @Override
    public String toString() {
        return "Confusion[tp=" + tp + ", fp=" + fp + ", fn=" + fn + ", tn=" + tn + "]";
    }
}
