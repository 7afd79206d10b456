package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.MASKS;
import static org.dermaseg.app.gui.GuiTestSupport.SAMPLES;
import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.dermaseg.app.gui.GuiTestSupport.screenshot;
import static org.dermaseg.app.gui.GuiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.dermaseg.inference.batch.BatchSummary;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.dermaseg.testsupport.FakeEngine;

/** The batch dialog over small folders: a corrupt file is listed and the rest processed; cancel stops mid-run. */
@ExtendWith(ApplicationExtension.class)
class BatchDialogTest {
    static {
        GuiTestSupport.init();
    }

    @TempDir
    Path tmp;

    private Stage stage;
    private final List<Path> opened = new ArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private MainWindow current;

    private MainWindow window(SegmenterService service) throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        current = GuiTestSupport.openWindow(stage, config, service, opened::add, 0, 0);
        return current;
    }

    @org.junit.jupiter.api.AfterEach
    void closeWindows() {
        if (current != null) {
            onFx(() -> {
                current.batchDialog().cancelRun();
                current.batchDialog().stage().hide();
                current.dispose();
                return null;
            });
        }
    }

    private static void fill(BatchViewModel b, Path in, Path out, Path gt) {
        onFx(() -> {
            b.inputProperty().set(in.toString());
            b.outputProperty().set(out.toString());
            b.groundTruthProperty().set(gt == null ? "" : gt.toString());
            return null;
        });
    }

    @Test
    void goodFilesAreProcessedAndTheCorruptOneIsListed(FxRobot robot) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        String[] ids = {"IMD002", "IMD057", "IMD112", "IMD182"};
        for (String id : ids) {
            Files.copy(SAMPLES.resolve(id + ".png"), in.resolve(id + ".png"));
        }
        Files.write(in.resolve("IMD999.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13,
                'I', 'H', 'D', 'R', 0, 0, 1, 0, 0, 0, 1, 0, 8, 2, 0, 0, 0, 1, 2, 3, 4, 5}); // header, no pixels
        Path out = tmp.resolve("out");

        MainWindow w = window(GuiTestSupport.realModel());
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.B)
                .release(javafx.scene.input.KeyCode.B, javafx.scene.input.KeyCode.CONTROL);
        waitUntil("the batch window", 10, () -> w.batchDialog().stage().isShowing());
        BatchViewModel b = w.batchDialog().viewModel();
        fill(b, in, out, MASKS);
        robot.clickOn("#batch-start");
        waitUntil("the batch to finish", 120, () -> !b.runningProperty().get() && b.summaryProperty().get() != null);

        BatchSummary s = onFx(() -> b.summaryProperty().get());
        assertEquals(5, s.listed());
        assertEquals(4, s.ok());
        assertEquals(1, s.failed());
        assertFalse(s.cancelled());
        List<BatchViewModel.Row> rows = onFx(() -> List.copyOf(b.rows()));
        assertEquals(5, rows.size());
        BatchViewModel.Row bad = rows.stream().filter(r -> r.file().equals("IMD999.png")).findFirst().orElseThrow();
        assertEquals("failed", bad.status());
        assertFalse(bad.reason().isBlank(), "the reason is shown");
        assertFalse(bad.reason().startsWith("/"), "shown without the path: " + bad.reason());
        for (String id : ids) {
            BatchViewModel.Row r = rows.stream().filter(x -> x.file().equals(id + ".png")).findFirst().orElseThrow();
            assertEquals("ok", r.status());
            assertTrue(Files.isRegularFile(out.resolve(id + "_segmentation.png")));
            // the Dice shown is the written mask's against the expert mask, rescored here independently
            BinaryMask pred = new GroundTruthLoader().load(out.resolve(id + "_segmentation.png"));
            BinaryMask gt = new GroundTruthLoader().loadFor(MASKS.resolve(id + "_lesion.png"), pred.width(), pred.height());
            assertEquals(String.format(Locale.ROOT, "%.4f", MaskMetrics.dice(Confusion.of(pred.data(), gt.data()))),
                    r.dice(), id);
        }
        String summary = robot.lookup("#batch-summary").queryAs(Label.class).getText();
        assertTrue(summary.startsWith("Done. 4 ok, 1 failed"), summary);
        assertTrue(summary.contains("mean Dice") && summary.contains("pooled Dice"), summary);
        assertTrue(onFx(() -> b.progressTextProperty().get()).startsWith("5 / 5 in "), onFx(() -> b.progressTextProperty().get()));
        assertEquals(1.0, onFx(() -> b.progressProperty().get()), 1e-9);
        screenshot(w.batchDialog().stage().getScene(), "05-batch-done");

        robot.clickOn("#batch-open-report");
        assertEquals(List.of(out.resolve("report.csv").toAbsolutePath().normalize()), opened);
        assertTrue(Files.readString(out.resolve("report.csv")).contains("IMD999.png"));

        // running again as a new run is refused (the report exists): a dialog says to resume or overwrite
        robot.clickOn("#batch-start");
        waitUntil("the refusal", 20, () -> !b.runningProperty().get() && !w.viewModel().problems().isEmpty());
        Problem p = onFx(() -> w.viewModel().problems().get(w.viewModel().problems().size() - 1));
        assertTrue(p.reason().contains("--resume") || p.reason().contains("resume"), p.reason());
        assertTrue(p.whatToDo().contains("Resume"), p.whatToDo());
        onFx(() -> {
            List.copyOf(w.openAlerts()).forEach(javafx.scene.control.Alert::close);
            return null;
        });
    }

    @Test
    void cancelStopsMidRunCleanlyAndTheWindowStaysResponsive(FxRobot robot) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("many"));
        for (int i = 0; i < 30; i++) {
            Files.copy(SAMPLES.resolve("IMD413.png"), in.resolve(String.format(Locale.ROOT, "img%02d.png", i)));
        }
        Path out = tmp.resolve("out");
        FakeEngine engine = new FakeEngine(200, false);
        MainWindow w = window(GuiTestSupport.fakeService(tmp.resolve("fake-model"), engine));
        onFx(() -> {
            w.batchDialog().show();
            return null;
        });
        BatchViewModel b = w.batchDialog().viewModel();
        fill(b, in, out, null);
        robot.clickOn("#batch-start");
        waitUntil("a few images done", 30, () -> b.processedProperty().get() >= 3);

        // the FX thread is free while the batch runs: a round trip takes milliseconds, not the batch's seconds
        long t0 = System.nanoTime();
        onFx(() -> w.viewModel().review().thresholdProperty().get());
        assertTrue((System.nanoTime() - t0) / 1e6 < 1000, "FX thread blocked");
        assertTrue(onFx(() -> b.runningProperty().get()), "still running after 3 of 30 at 200 ms each");
        // a stray Escape neither closes the dialog nor stops the run
        robot.clickOn("#batch-progress-text").type(javafx.scene.input.KeyCode.ESCAPE);
        assertTrue(onFx(() -> b.runningProperty().get() && !b.cancellingProperty().get()
                && w.batchDialog().stage().isShowing()), "Escape during a run changes nothing");

        robot.clickOn("#batch-cancel");
        waitUntil("the cancelled run to end", 30, () -> !b.runningProperty().get() && b.summaryProperty().get() != null);
        BatchSummary s = onFx(() -> b.summaryProperty().get());
        assertTrue(s.cancelled());
        long done = s.ok() + s.failed() + s.skipped();
        assertTrue(done >= 3 && done < 30, "stopped mid-run after " + done);
        assertEquals(30, done + s.notReached(), "every entry is done or counted as not reached");
        assertEquals(0, s.failed());
        assertTrue(engine.calls.get() < 30);
        String summary = onFx(() -> b.summaryTextProperty().get());
        assertTrue(summary.startsWith("Cancelled. " + s.ok() + " ok, 0 failed"), summary);
        assertTrue(summary.contains(s.notReached() + " not reached"), summary);
        // the report was still written, with one row per processed image
        Path report = out.resolve("report.csv");
        assertTrue(Files.isRegularFile(report));
        assertEquals(done + 1, Files.readAllLines(report).stream().filter(l -> !l.startsWith("#")).count(),
                Files.readString(report));
        assertNotNull(onFx(() -> b.reportProperty().get()));
        assertEquals(done, onFx(() -> (long) b.rows().size()));
        screenshot(w.batchDialog().stage().getScene(), "06-batch-cancelled");
        robot.clickOn("#batch-progress-text").type(javafx.scene.input.KeyCode.ESCAPE);
        waitUntil("Escape closes the idle dialog", 5, () -> !w.batchDialog().stage().isShowing());
    }
}
