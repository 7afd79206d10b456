package org.dermaseg.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.dermaseg.inference.io.AtomicFiles;

/**
 * Loads and saves {@link Preferences} as {@code preferences.json} in the user's configuration folder:
 * the system property {@value #DIR_PROPERTY} when set (tests use a temporary folder), else
 * {@code $XDG_CONFIG_HOME/dermaseg}, else {@code ~/.config/dermaseg}. Saving is atomic, so a crash never
 * leaves half a file; an unreadable file is set aside and replaced by defaults, with a message saying so.
 */
public final class PreferencesStore {
    public static final String DIR_PROPERTY = "dermaseg.config.dir";
    public static final String FILE = "preferences.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;
    private String loadProblem;

    public PreferencesStore(Path directory) {
        this.file = directory.resolve(FILE);
    }

    /** The store in the default configuration folder. */
    public static PreferencesStore standard() {
        return new PreferencesStore(configDirectory());
    }

    public static Path configDirectory() {
        String prop = System.getProperty(DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "dermaseg");
        }
        return Path.of(System.getProperty("user.home"), ".config", "dermaseg");
    }

    public Path file() {
        return file;
    }

    /** The saved preferences, or defaults when there are none or they cannot be read ({@link #loadProblem()}). */
    public Preferences load() {
        loadProblem = null;
        try {
            Preferences p = MAPPER.readValue(Files.readAllBytes(file), Preferences.class);
            return p == null ? new Preferences() : p;
        } catch (NoSuchFileException e) {
            return new Preferences();
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(FILE + ".unreadable");
            try {
                Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                loadProblem = file + " could not be read (" + oneLine(e.getMessage()) + "); it was renamed to "
                        + aside.getFileName() + " and default settings are used";
            } catch (IOException moveFailed) {
                loadProblem = file + " could not be read (" + oneLine(e.getMessage()) + "); default settings are used";
            }
            return new Preferences();
        }
    }

    /** Why the last {@link #load()} fell back to defaults, or null. */
    public String loadProblem() {
        return loadProblem;
    }

    public void save(Preferences p) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(p);
        AtomicFiles.write(file, json, true);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
