package org.dermaseg.app.gui;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import javafx.application.Application;

/**
 * Starts the JavaFX workstation from the ordinary {@code main} of the runnable jar (a class-path jar whose
 * main class extended {@link Application} would fail with "JavaFX runtime components are missing").
 */
public final class GuiLauncher {
    private static volatile Path initialImage;
    private static volatile Path modelDir;
    private static volatile String modelId;

    private GuiLauncher() {
    }

    /**
     * Whether these command-line arguments ask for the GUI: none at all, or one existing image file or
     * folder that is not a subcommand name.
     */
    public static boolean isGuiRequest(String[] args, Set<String> subcommands) {
        if (args.length == 0) {
            return true;
        }
        if (args.length != 1 || args[0].startsWith("-") || subcommands.contains(args[0])) {
            return false;
        }
        try {
            return Files.exists(Path.of(args[0]));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** On Linux and BSD a desktop session sets DISPLAY or WAYLAND_DISPLAY; elsewhere there is always one. */
    public static boolean displayAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"))
                || "Monocle".equals(System.getProperty("glass.platform"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /**
     * Opens the window and returns when it is closed (exit code 0), or prints why it cannot open (1).
     *
     * @param image image or folder to show first, or null
     * @param model model directory, or null for the standard search
     */
    public static int launch(Path image, Path model, PrintStream err) {
        if (!displayAvailable()) {
            err.println("dermaseg: the GUI needs a graphical desktop (DISPLAY is not set). On a server use the "
                    + "command line, e.g. dermaseg segment IMAGE -o DIR; see dermaseg --help.");
            return 1;
        }
        initialImage = image == null ? null : image.toAbsolutePath().normalize();
        modelDir = model;
        JavaFxClassPathWarning.suppress();
        try {
            Application.launch(DermasegFx.class);
            return 0;
        } catch (RuntimeException | LinkageError e) {
            err.println("dermaseg: the GUI could not start: " + Problem.message(e));
            return 3;
        }
    }

    static Path initialImage() {
        return initialImage;
    }

    static Path modelDir() {
        return modelDir;
    }

    /** The model asked for on the command line ({@code gui --model-id}), or null. */
    static String modelId() {
        return modelId;
    }

    /** As {@link #launch(Path, Path, PrintStream)}, starting with model {@code id} (null: the remembered one). */
    public static int launch(Path image, Path model, String id, PrintStream err) {
        modelId = id;
        return launch(image, model, err);
    }
}
