package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.MASKS;
import static org.dermaseg.app.gui.GuiTestSupport.SAMPLES;
import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.dermaseg.app.gui.GuiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import org.dermaseg.app.cli.ExitCodes;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.inference.batch.ReportCsv;
import org.dermaseg.inference.export.MetricsRecord;
import org.dermaseg.inference.render.ViewMode;

/**
 * One path per artefact: the window and {@code dermaseg batch} find the same ground truth (in a sibling
 * {@code masks/} folder) and write the same mask and overlay files, byte for byte, for the same image, with
 * the same Dice.
 */
@ExtendWith(ApplicationExtension.class)
class SameFilesAsBatchTest {
    static {
        GuiTestSupport.init();
    }

    @TempDir
    Path tmp;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void theWindowsExportAndTheBatchWriteTheSameMaskAndOverlay() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("set/images"));
        Path masks = Files.createDirectories(tmp.resolve("set/masks"));
        Files.copy(SAMPLES.resolve("IMD002.png"), images.resolve("IMD002.png"));
        Files.copy(MASKS.resolve("IMD002_lesion.png"), masks.resolve("IMD002_lesion.png"));
        Path config = Files.createDirectories(tmp.resolve("config"));

        MainWindow w = onFx(() -> {
            MainWindow m = new MainWindow(stage, new GuiContext(new PreferencesStore(config),
                    GuiTestSupport.realModel(), p -> { }, null));
            stage.show();
            m.viewModel().navigation().open(images.resolve("IMD002.png"));
            return m;
        });
        MetricsRecord shown;
        Path gui = tmp.resolve("gui");
        try {
            waitUntil("the image, its ground truth and metrics", 90, () -> w.viewModel().session() != null
                    && !w.viewModel().isWorking() && w.viewModel().review().metricsProperty().get() != null);
            assertNotNull(onFx(() -> w.viewModel().session().groundTruth()), "found in the sibling masks folder");
            onFx(() -> {
                w.viewModel().review().viewModeProperty().set(ViewMode.COMPARE); // what the batch draws with truth
                return null;
            });
            var task = onFx(() -> w.viewModel().export().exportAll(Files.createDirectories(gui),
                    EnumSet.of(ExportViewModel.ExportKind.MASK, ExportViewModel.ExportKind.OVERLAY), false));
            waitUntil("export", 30, task::isDone);
            assertNull(onFx(task::getException));
            shown = onFx(() -> w.viewModel().review().metricsProperty().get());
        } finally {
            onFx(() -> {
                w.dispose();
                return null;
            });
        }

        Path batch = tmp.resolve("batch");
        // the window cleans up by default (largest region, holes filled); the command line when asked
        CliRunner.Run r = CliRunner.run("batch", images.toString(), "-o", batch.toString(), "--overlays", "--clean",
                "--model", GuiTestSupport.MODEL.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());

        for (String name : List.of("IMD002_segmentation.png", "IMD002_overlay.png")) {
            assertArrayEquals(Files.readAllBytes(gui.resolve(name)), Files.readAllBytes(batch.resolve(name)), name);
        }
        List<String> report = Files.readAllLines(batch.resolve("report.csv"));
        List<String> header = List.of(report.get(0).split(","));
        String[] row = report.get(1).split(",");
        assertEquals("IMD002_lesion.png", Path.of(row[header.indexOf("ground_truth")]).getFileName().toString());
        assertEquals(shown.dice(), Double.parseDouble(row[header.indexOf("dice")]), 1e-6);
        assertEquals(shown.lesionAreaPx(), Long.parseLong(row[header.indexOf("lesion_area_px")]));
        assertEquals(ReportCsv.HEADER, header);
    }
}
