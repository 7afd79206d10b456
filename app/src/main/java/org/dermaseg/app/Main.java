package org.dermaseg.app;

import org.dermaseg.app.cli.DermasegCommand;

/**
 * Entry point of the runnable jar. Deliberately not a JavaFX {@code Application}: a fat jar whose
 * main class extends Application fails with "JavaFX runtime components are missing" on the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return DermasegCommand.execute(args);
    }
}
