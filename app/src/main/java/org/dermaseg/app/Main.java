package org.dermaseg.app;

import org.dermaseg.app.cli.DermasegCommand;
import org.dermaseg.app.gui.GuiLauncher;

/**
 * Entry point of the runnable jar. Deliberately not a JavaFX {@code Application}: a fat jar whose
 * main class extends Application fails with "JavaFX runtime components are missing" on the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ExitSignals.install();
        System.exit(ExitSignals.exitCode(run(args)));
    }

    /**
     * Runs the tool and returns the exit code (tests call this instead of {@link #main}). No arguments, or
     * just an existing image (or folder) path, opens the GUI; without a display, no arguments prints the
     * usage as before.
     */
    public static int run(String... args) {
        if (GuiLauncher.isGuiRequest(args, DermasegCommand.commandLine().getSubcommands().keySet())) {
            if (args.length == 0 && !GuiLauncher.displayAvailable()) {
                System.err.println("dermaseg: no display, so no GUI; the commands are:");
                return DermasegCommand.execute(args);
            }
            return GuiLauncher.launch(args.length == 0 ? null : java.nio.file.Path.of(args[0]), null, System.err);
        }
        return DermasegCommand.execute(args);
    }
}
