package org.dermaseg.inference;

/** Milliseconds spent per stage of one segmentation. */
public record Timings(double decodeMs, double preprocessMs, double inferMs, double postprocessMs) {
    public double totalMs() {
        return decodeMs + preprocessMs + inferMs + postprocessMs;
    }
}
