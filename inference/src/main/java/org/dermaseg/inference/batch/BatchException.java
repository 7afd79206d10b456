package org.dermaseg.inference.batch;

/**
 * A batch could not start or had to stop as a whole (as opposed to one input failing, which is a
 * report row). {@link #isUsage()} tells a command line whether this was the caller's mistake (exit 1)
 * or the environment's (exit 3).
 */
public class BatchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean usage;

    public BatchException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    public BatchException(String message, boolean usage, Throwable cause) {
        super(message, cause);
        this.usage = usage;
    }

    public static BatchException usage(String message) {
        return new BatchException(message, true);
    }

    public static BatchException fatal(String message, Throwable cause) {
        return new BatchException(message, false, cause);
    }

    /** True: bad arguments or a state the caller must resolve (e.g. reports exist and neither --resume nor --overwrite). */
    public boolean isUsage() {
        return usage;
    }
}
