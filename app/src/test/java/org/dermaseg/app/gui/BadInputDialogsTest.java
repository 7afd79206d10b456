package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.SAMPLES;
import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.dermaseg.app.gui.GuiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Reliability row "the GUI shows a dialog and stays usable", for the refused files of the bad-input corpus
 * (the full corpus runs through the CLI in the e2e module's BadInputCorpusE2ETest): each one opened in turn
 * gives one error dialog with the loader's one-line reason, and afterwards the same window still segments a
 * good image. (Added by the reliability work; the GUI itself and its other tests are the GUI's.)
 */
@ExtendWith(ApplicationExtension.class)
class BadInputDialogsTest {
    static {
        GuiTestSupport.init();
    }

    @TempDir
    Path tmp;

    private Stage stage;
    private MainWindow window;

    @BeforeAll
    static void model() throws Exception {
        GuiTestSupport.sharedSegmenter();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        if (window != null) {
            onFx(() -> {
                List.copyOf(window.openAlerts()).forEach(Alert::close);
                window.viewModel().close();
                return null;
            });
        }
    }

    /** A PNG that declares 60000x60000 pixels in 57 bytes. */
    private static byte[] bombPng() {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(60_000).putInt(60_000)
                .put(new byte[] {8, 2, 0, 0, 0}).array();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr);
        b.putInt(13).put(ihdr).putInt((int) crc.getValue());
        for (String type : List.of("IDAT", "IEND")) {
            crc.reset();
            crc.update(type.getBytes());
            b.putInt(0).put(type.getBytes()).putInt((int) crc.getValue());
        }
        return b.array();
    }

    @Test
    void everyRefusedFileGetsOneErrorDialogAndTheWindowGoesOn() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("folder"));
        byte[] png = Files.readAllBytes(SAMPLES.resolve("IMD002.png"));
        Map<String, String> reasons = new LinkedHashMap<>();
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        reasons.put("empty.jpg", "empty file (0 bytes)");
        Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        reasons.put("truncated.png", "truncated PNG");
        Files.writeString(dir.resolve("text.jpg"), "Patient list, do not delete\n");
        reasons.put("text.jpg", "not a JPEG, PNG, BMP or TIFF image");
        Files.write(dir.resolve("bomb.png"), bombPng());
        reasons.put("bomb.png", "exceeds the limit of 100.0 MP (refused before decoding)");
        Files.copy(SAMPLES.resolve("IMD057.png"), dir.resolve("good.png"));

        window = GuiTestSupport.openWindow(stage, Files.createDirectories(tmp.resolve("config")),
                GuiTestSupport.realModel(), p -> { }, 1280, 820);
        for (Map.Entry<String, String> row : reasons.entrySet()) {
            Path bad = dir.resolve(row.getKey());
            onFx(() -> {
                window.viewModel().navigation().open(bad);
                return null;
            });
            waitUntil("the error dialog for " + row.getKey(), 30, () -> !window.openAlerts().isEmpty());
            waitUntil("the open to end", 30, () -> !window.viewModel().isWorking());
            assertEquals(1, onFx(() -> window.openAlerts().size()), "one dialog per failure");
            Alert a = onFx(() -> window.openAlerts().get(0));
            assertEquals(Alert.AlertType.ERROR, onFx(a::getAlertType));
            assertEquals("Could not open " + row.getKey(), onFx(a::getHeaderText));
            String content = onFx(a::getContentText);
            assertTrue(content.contains(row.getValue()), row.getKey() + ": " + content);
            assertFalse(content.contains("\tat ") || content.contains(".java:"), "no stack trace: " + content);
            onFx(() -> {
                a.close();
                return null;
            });
        }
        // still usable: a good image in the same folder opens and is segmented
        Path good = dir.resolve("good.png");
        onFx(() -> {
            window.viewModel().navigation().open(good);
            return null;
        });
        waitUntil("good.png to be segmented", 90, () -> window.viewModel().problems().toString(),
                () -> window.viewModel().session() != null
                        && window.viewModel().session().fileName().equals("good.png")
                        && !window.viewModel().isWorking() && window.viewModel().session().hasMask());
        assertEquals(0, onFx(() -> window.openAlerts().size()), "no dialog for the good image");
    }
}
