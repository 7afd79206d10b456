package org.dermaseg.inference.report;

import java.util.Locale;

/** Outcome of one image: of a batch, a {@code segment} run or the window's export (always {@link #OK} there). */
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
