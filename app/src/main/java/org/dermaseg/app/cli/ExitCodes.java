package org.dermaseg.app.cli;

/** Exit codes of docs/architecture.md. */
public final class ExitCodes {
    /** Everything worked. */
    public static final int OK = 0;
    /** Bad command line. */
    public static final int USAGE = 1;
    /** Some inputs failed; the others were processed. */
    public static final int SOME_FAILED = 2;
    /** Nothing could be done: model missing/damaged, engine cannot start. */
    public static final int FATAL = 3;

    private ExitCodes() {
    }
}
