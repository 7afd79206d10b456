package org.dermaseg.inference.batch;

import java.util.Locale;

/** Outcome of one input of a batch. */
public enum ImageStatus {
    /** Segmented and written (and scored when ground truth was found). */
    OK,
    /** Not processed on purpose: {@code --resume} found a complete output. */
    SKIPPED,
    /** Not processed, or processed only in part; the reason says which and why. */
    FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
