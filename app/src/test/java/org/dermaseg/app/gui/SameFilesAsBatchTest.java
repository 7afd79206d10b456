package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.MASKS;
import static org.dermaseg.app.gui.GuiTestSupport.SAMPLES;
import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.dermaseg.app.gui.GuiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import org.dermaseg.app.cli.ExitCodes;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.inference.render.ViewMode;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageRecordCsv;

/**
 * One path per artefact: the window and {@code dermaseg batch} find the same ground truth (in a sibling
 * {@code masks/} folder) and write the same mask and overlay files, byte for byte, for the same image, and the
 * same per-image record: the window's metrics CSV/JSON and the batch's report.csv/report.json agree field by
 * field (timings aside).
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
        ImageRecord shown;
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
                    EnumSet.allOf(ExportViewModel.ExportKind.class), false));
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

        // the CSV: one header, and the same row cell by cell (the batch's timings include writing its files)
        List<String> guiCsv = Files.readAllLines(gui.resolve("IMD002_metrics.csv"));
        List<String> batchCsv = Files.readAllLines(batch.resolve("report.csv"));
        assertEquals(ImageRecordCsv.HEADER, split(batchCsv.get(0)));
        assertEquals(batchCsv.get(0), guiCsv.get(0), "one header");
        assertEquals(2, guiCsv.size());
        assertEquals(2, batchCsv.size());
        List<String> header = ImageRecordCsv.HEADER;
        List<String> g = split(guiCsv.get(1));
        List<String> b = split(batchCsv.get(1));
        assertEquals(header.size(), g.size());
        assertEquals(header.size(), b.size());
        Set<String> timings = Set.of("ms", "infer_ms");
        for (int i = 0; i < header.size(); i++) {
            if (!timings.contains(header.get(i))) {
                assertEquals(b.get(i), g.get(i), "column " + header.get(i));
            }
        }
        // not vacuous: the row holds what both paths must have found and measured
        assertEquals("IMD002_lesion.png", Path.of(b.get(header.indexOf("ground_truth"))).getFileName().toString());
        assertEquals(shown.dice(), Double.parseDouble(b.get(header.indexOf("dice"))), 1e-6);
        assertEquals(shown.lesionAreaPx(), Long.parseLong(b.get(header.indexOf("lesion_area_px"))));
        for (String filled : List.of("model_id", "engine", "paper_dice", "hd95_px", "asymmetry", "colours", "mask")) {
            assertFalse(b.get(header.indexOf(filled)).isEmpty(), filled + " is empty: " + batchCsv.get(1));
        }
        assertEquals("true", b.get(header.indexOf("clean_up")));

        // the JSON: the window's one record and the batch's one row, the same object but for the timings
        ObjectMapper json = new ObjectMapper();
        ObjectNode guiRow = (ObjectNode) json.readTree(gui.resolve("IMD002_metrics.json").toFile()).get("images").get(0);
        JsonNode report = json.readTree(batch.resolve("report.json").toFile());
        assertEquals(1, report.get("images").size());
        ObjectNode batchRow = (ObjectNode) report.get("images").get(0);
        for (ObjectNode row : List.of(guiRow, batchRow)) {
            assertTrue(row.get("ms").isNumber() && row.get("inferMs").isNumber(), row.toString());
            row.remove(List.of("ms", "inferMs"));
        }
        assertEquals(batchRow, guiRow);
    }

    /** RFC 4180 cells of one line (quoted fields may hold commas). */
    private static List<String> split(String line) {
        return org.dermaseg.inference.report.ImageRecordCsvTest.split(line);
    }
}
