package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.testsupport.RepoPaths;

/**
 * The window started from the fat jar, as a user starts it: it segments the image it was given without
 * JavaFX's "Unsupported JavaFX configuration: classes were loaded from 'unnamed module'" on the terminal
 * (which every launch printed before). Needs a display (scripts/test.sh runs Maven
 * under Xvfb).
 */
class GuiStartE2ETest {
    @TempDir
    Path tmp;

    @Test
    void theWindowStartsFromTheJarWithoutJavaFxsConfigurationWarning() throws Exception {
        String display = System.getenv("DISPLAY");
        assertTrue(display != null && !display.isBlank(),
                "no DISPLAY: run the tests under Xvfb (xvfb-run -a mvn verify, as scripts/test.sh does)");
        Path image = RepoPaths.sampleImages().resolve("IMD002.png");
        Path config = Files.createDirectories(tmp.resolve("config"));
        Path prefs = config.resolve("dermaseg/preferences.json");
        Path logs = tmp.resolve("logs");
        Process p = CliProcess.plain().withEnv(Map.of("XDG_CONFIG_HOME", config.toString()))
                .start(tmp, logs, image.toString());
        try {
            // the window saves its settings once the image is segmented and shown
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!shown(prefs) && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(200);
            }
            assertTrue(shown(prefs), "the window did not show IMD002.png: " + stderr(logs));
            String err = stderr(logs);
            assertFalse(err.contains("Unsupported JavaFX configuration"), err);
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static boolean shown(Path prefs) {
        try {
            JsonNode json = new ObjectMapper().readTree(prefs.toFile());
            JsonNode recent = json.get("recentFiles");
            return recent != null && recent.size() > 0 && recent.get(0).asText().endsWith("IMD002.png");
        } catch (java.io.IOException | RuntimeException e) {
            return false; // not written yet (or being replaced)
        }
    }

    private static String stderr(Path logs) throws java.io.IOException {
        Path f = logs.resolve("stderr.txt");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }
}
