package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.SAMPLES;
import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.dermaseg.app.gui.GuiTestSupport.screenshot;
import static org.dermaseg.app.gui.GuiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import javafx.scene.control.Alert;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.dermaseg.inference.export.ExportFiles;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.render.ViewMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.testsupport.FakeEngine;
import org.dermaseg.inference.report.ImageRecordCsv;

/** Large images, navigation, export, errors, preferences and About. */
@ExtendWith(ApplicationExtension.class)
class WorkflowTest {
    static {
        GuiTestSupport.init();
    }

    @TempDir
    Path tmp;

    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private MainWindow open(SegmenterService service, Path config) {
        window = GuiTestSupport.openWindow(stage, config, service, p -> { }, 1280, 820);
        return window;
    }

    private MainWindow open() throws Exception {
        return open(GuiTestSupport.realModel(), Files.createDirectories(tmp.resolve("config")));
    }

    @AfterEach
    void close() {
        GuiTestSupport.closeWindow(window);
    }

    private void openImage(MainWindow w, Path image) {
        onFx(() -> {
            w.viewModel().navigation().open(image);
            return null;
        });
        waitUntil("open " + image.getFileName(), 90, () -> w.viewModel().problems() + " busy=" + w.viewModel().isWorking(),
                () -> w.viewModel().session() != null && w.viewModel().session().fileName().equals(image.getFileName().toString())
                        && !w.viewModel().isWorking() && w.viewModel().review().metricsProperty().get() != null);
    }

    /** A 6000x4000 JPEG: skin-coloured background with a dark oval "lesion". */
    private Path largeJpeg() throws Exception {
        byte[] jpeg;
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(4000, 6000, CvType.CV_8UC3, new Scalar(150, 170, 215)));
            Imgproc.ellipse(m, new Point(3000, 2000), new Size(1400, 1000), 20, 0, 360, new Scalar(50, 60, 95), -1);
            Imgproc.circle(m, new Point(4300, 1300), 250, new Scalar(70, 80, 120), -1);
            MatOfByte buf = mats.add(new MatOfByte());
            Imgcodecs.imencode(".jpg", m, buf);
            jpeg = buf.toArray();
        }
        Path f = tmp.resolve("large.jpg");
        Files.write(f, jpeg);
        return f;
    }

    @Test
    void largeImageZoomsAndPansFromAPyramidLevel(FxRobot robot) throws Exception {
        MainWindow w = open();
        Path big = largeJpeg();
        openImage(w, big);
        assertEquals("6000 × 4000 px", onFx(() -> w.viewModel().navigation().sizeTextProperty().get()));
        ImageViewer v = w.viewer();
        assertTrue(onFx(v::scale) < 0.2, "fit: " + onFx(v::scale));
        assertTrue(onFx(v::lastLevel) >= 2, "zoomed out reads a small level, not the full image: " + onFx(v::lastLevel));
        assertTrue(onFx(() -> w.viewModel().review().metricsProperty().get().lesionAreaPx()) > 1_000_000, "lesion found");

        // 1:1 (Ctrl+1) reads the full image; Ctrl+0 fits again
        robot.clickOn(v);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        waitUntil("1:1", 5, () -> Math.abs(v.scale() - 1) < 1e-9 && v.lastLevel() == 0);
        // drag pans (pan tool): the image point under the pointer follows it
        double[] before = onFx(() -> v.toImage(100, 100));
        javafx.geometry.Point2D o = onFx(() -> v.localToScreen(300, 300));
        robot.drag(o.getX(), o.getY(), MouseButton.PRIMARY).moveBy(-120, -80).drop();
        double[] after = onFx(() -> v.toImage(100, 100));
        assertEquals(before[0] + 120, after[0], 3.0);
        assertEquals(before[1] + 80, after[1], 3.0);
        // the frame cost stays small at any zoom: it depends on the view, not the 24-megapixel image
        double ms = onFx(() -> v.lastRenderMsProperty().get());
        assertTrue(ms < 250, "frame took " + ms + " ms");
        // wheel zoom keeps the point under the pointer
        javafx.geometry.Point2D c = onFx(() -> v.localToScreen(v.getWidth() / 2, v.getHeight() / 2));
        double[] under = onFx(() -> v.toImage(v.getWidth() / 2, v.getHeight() / 2));
        robot.moveTo(c.getX(), c.getY()).scroll(3, javafx.geometry.VerticalDirection.UP);
        waitUntil("wheel zoom", 5, () -> v.scale() != 1.0);
        double[] still = onFx(() -> v.toImage(v.getWidth() / 2, v.getHeight() / 2));
        assertEquals(under[0], still[0], 2.0);
        assertEquals(under[1], still[1], 2.0);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        waitUntil("fit", 5, () -> v.scale() < 0.2 && v.lastLevel() >= 2);
        onFx(() -> {
            w.viewModel().review().viewModeProperty().set(ViewMode.PROBABILITY);
            return null;
        });
        WaitForFx.events();
        screenshot(stage.getScene(), "07-large-heatmap");
    }

    @Test
    void pageKeysWalkTheFolderAndExportWritesEveryFile(FxRobot robot) throws Exception {
        MainWindow w = open();
        openImage(w, SAMPLES.resolve("IMD002.png"));
        robot.clickOn(w.viewer());
        robot.type(KeyCode.PAGE_DOWN);
        waitUntil("next image", 60, () -> w.viewModel().session() != null
                && w.viewModel().session().fileName().equals("IMD027.png") && !w.viewModel().isWorking());
        assertEquals(1, onFx(() -> w.viewModel().navigation().indexProperty().get()));
        robot.type(KeyCode.PAGE_UP);
        waitUntil("previous image", 60, () -> w.viewModel().session() != null
                && w.viewModel().session().fileName().equals("IMD002.png") && !w.viewModel().isWorking());
        // with the image list focused too: one image on, not a page (the folder fits in the list)
        onFx(() -> {
            robot.lookup("#filmstrip").query().requestFocus();
            return null;
        });
        robot.type(KeyCode.PAGE_DOWN);
        waitUntil("next image from the list", 60, () -> w.viewModel().session() != null
                && w.viewModel().session().fileName().equals("IMD027.png") && !w.viewModel().isWorking());
        robot.type(KeyCode.PAGE_UP);
        waitUntil("previous image from the list", 60, () -> w.viewModel().session() != null
                && w.viewModel().session().fileName().equals("IMD002.png") && !w.viewModel().isWorking());

        // export the model's mask, then an edited one
        Path out = Files.createDirectories(tmp.resolve("export"));
        var task = onFx(() -> w.viewModel().export().exportAll(out, EnumSet.allOf(ExportViewModel.ExportKind.class), false));
        waitUntil("export", 30, task::isDone);
        assertNull(onFx(task::getException));
        Set<String> names = Set.of("IMD002_segmentation.png", "IMD002_overlay.png", "IMD002_contour.geojson",
                "IMD002_metrics.csv", "IMD002_metrics.json");
        for (String n : names) {
            assertTrue(Files.size(out.resolve(n)) > 0, n);
        }
        byte[] png = Files.readAllBytes(out.resolve("IMD002_segmentation.png"));
        assertFalse(MaskPng.isEdited(png));
        BinaryMask saved = new GroundTruthLoader().load(out.resolve("IMD002_segmentation.png"));
        assertEquals(onFx(() -> w.viewModel().review().metricsProperty().get().lesionAreaPx()), saved.area());
        JsonNode geo = new ObjectMapper().readTree(out.resolve("IMD002_contour.geojson").toFile());
        assertEquals("FeatureCollection", geo.get("type").asText());
        assertEquals("annotation", geo.get("features").get(0).get("properties").get("objectType").asText());
        // the batch's report.csv layout: position, path, status, ...; the ground truth by its path
        String csv = Files.readString(out.resolve("IMD002_metrics.csv"));
        assertTrue(csv.startsWith(ImageRecordCsv.headerLine() + "\n0,IMD002.png,ok,"), csv);
        assertTrue(csv.contains("IMD002_lesion.png"), csv);

        // a second export without "replace" refuses and says which files exist
        var again = onFx(() -> w.viewModel().export().exportAll(out, EnumSet.of(ExportViewModel.ExportKind.MASK), false));
        waitUntil("refusal", 30, again::isDone);
        assertNotNull(onFx(again::getException));
        waitUntil("dialog", 10, () -> !w.openAlerts().isEmpty());

        onFx(() -> {
            w.viewModel().editing().toolProperty().set(EditingViewModel.Tool.ERASER);
            w.viewModel().editing().beginStroke(380, 280);
            w.viewModel().editing().strokeTo(420, 300);
            w.viewModel().editing().endStroke();
            return null;
        });
        waitUntil("edited", 10, () -> !w.viewModel().isWorking() && w.viewModel().review().metricsProperty().get().edited());
        assertEquals(List.of(onFx(() -> w.viewModel().session().path())), onFx(() -> w.viewModel().navigation().unsavedEdits()));
        var edited = onFx(() -> w.viewModel().export().exportAll(out, EnumSet.allOf(ExportViewModel.ExportKind.class), true));
        waitUntil("export edited", 30, edited::isDone);
        assertNull(onFx(edited::getException));
        assertTrue(MaskPng.isEdited(Files.readAllBytes(out.resolve("IMD002_segmentation.png"))));
        assertTrue(new ObjectMapper().readTree(out.resolve("IMD002_metrics.json").toFile()).get("images").get(0)
                .get("edited").asBoolean());
        String row = Files.readString(out.resolve("IMD002_metrics.csv")).lines().skip(1).findFirst().orElseThrow();
        assertEquals("true", row.split(",", -1)[ImageRecordCsv.HEADER.indexOf("edited")], "edited column: " + row);
        assertEquals(List.of(), onFx(() -> w.viewModel().navigation().unsavedEdits()), "exported: nothing unsaved");
        assertTrue(onFx(() -> w.viewModel().statusProperty().get()).contains("mask marked edited"));
    }

    @Test
    void aBadImageGivesAReasonAndWhatToDoAndTheWindowGoesOn(FxRobot robot) throws Exception {
        MainWindow w = open();
        Path bad = tmp.resolve("broken.jpg");
        Files.writeString(bad, "this is not a jpeg");
        onFx(() -> {
            w.viewModel().navigation().open(bad);
            return null;
        });
        waitUntil("the error dialog", 30, () -> !w.openAlerts().isEmpty());
        Alert a = onFx(() -> w.openAlerts().get(0));
        String header = onFx(a::getHeaderText);
        String content = onFx(a::getContentText);
        assertEquals("Could not open broken.jpg", header);
        assertTrue(content.contains("not a JPEG, PNG, BMP or TIFF image"), content);
        assertTrue(content.contains("What to do:"), content);
        assertFalse(content.contains("Exception") || content.contains("\tat ") || content.contains(".java:"),
                "no stack trace: " + content);
        assertEquals(Alert.AlertType.ERROR, onFx(a::getAlertType));
        screenshot(a.getDialogPane().getScene(), "08-error-dialog");
        onFx(() -> {
            a.close();
            return null;
        });
        // still usable: the next image opens
        openImage(w, SAMPLES.resolve("IMD057.png"));
        assertTrue(onFx(() -> w.viewModel().session().hasMask()));
    }

    @Test
    void withoutAModelImagesStillShowAndTheDialogSaysWhatToDo() throws Exception {
        SegmenterService none = new SegmenterService((e, d, tta) -> {
            throw new ModelException("model not found: no *.card.json in any of /opt/dermaseg/model;");
        });
        MainWindow w = open(none, Files.createDirectories(tmp.resolve("config")));
        onFx(() -> {
            w.viewModel().navigation().open(SAMPLES.resolve("IMD112.png"));
            return null;
        });
        waitUntil("the image without segmentation", 30, () -> w.viewModel().session() != null && !w.viewModel().isWorking());
        assertFalse(onFx(() -> w.viewModel().session().hasMask()));
        Problem p = onFx(() -> w.viewModel().problems().get(0));
        assertEquals("The model is missing or damaged", p.title());
        assertTrue(p.whatToDo().contains("-Ddermaseg.model.dir"), p.whatToDo());
        assertEquals("Engine: unavailable", onFx(() -> w.viewModel().navigation().engineTextProperty().get()));
        assertTrue(onFx(() -> w.viewModel().statusProperty().get()).contains("without segmentation"));
    }

    @Test
    void aWindowOpenedWithoutAnImageWarmsTheEngineUpSilently() throws Exception {
        FakeEngine engine = new FakeEngine(0, false);
        SegmenterService service = GuiTestSupport.fakeService(tmp.resolve("fake-model"), engine);
        MainWindow w = open(service, Files.createDirectories(tmp.resolve("config")));
        waitUntil("the warm-up inferences", 30, () -> engine.calls.get() == 3);
        assertTrue(service.isCurrent(w.viewModel().settings().engineProperty().get(),
                w.viewModel().settings().deviceProperty().get()),
                "the engine is open before any image");
        assertTrue(onFx(() -> w.viewModel().problems().isEmpty()));
        assertEquals(null, onFx(() -> w.viewModel().session()));
        waitUntil("the engine in the status bar", 10,
                () -> "fake · CPU".equals(onFx(() -> w.viewModel().navigation().engineTextProperty().get())));

        // File > Open Sample Images opens the bundled folder (a first start needs no file dialog)
        onFx(() -> {
            javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) w.stage().getScene().lookup("#menu-bar");
            bar.getMenus().get(0).getItems().stream().filter(i -> "menu-open-samples".equals(i.getId())).findFirst()
                    .orElseThrow().fire();
            return null;
        });
        waitUntil("the first sample", 30, () -> w.viewModel().session() != null && !w.viewModel().isWorking()
                && w.viewModel().review().metricsProperty().get() != null);
        assertEquals("IMD002.png", onFx(() -> w.viewModel().session().fileName()));
        assertEquals(10, onFx(() -> w.viewModel().navigation().images().size()));
        assertEquals(4, engine.calls.get(), "the image costs one inference on the engine already open");
    }

    @Test
    void preferencesPersistAsJsonInTheConfigFolder() throws Exception {
        Path config = tmp.resolve("cfg");
        String old = System.getProperty(PreferencesStore.DIR_PROPERTY);
        System.setProperty(PreferencesStore.DIR_PROPERTY, config.toString());
        try {
            assertEquals(config.resolve("preferences.json"), PreferencesStore.standard().file());
            MainWindow w = open(GuiTestSupport.realModel(), config);
            openImage(w, SAMPLES.resolve("IMD256.png"));
            onFx(() -> {
                w.viewModel().review().thresholdProperty().set(0.35);
                w.viewModel().review().colorProperty().set(0xFF00AA);
                w.viewModel().review().contourWidthProperty().set(4);
                w.viewModel().review().viewModeProperty().set(ViewMode.COMPARE);
                w.viewModel().review().pixelSizeMmProperty().set(0.0075);
                w.viewModel().close(); // what closing the window does
                return null;
            });
            JsonNode json = new ObjectMapper().readTree(config.resolve("preferences.json").toFile());
            assertEquals(0.35, json.get("threshold").asDouble(), 1e-9);
            assertEquals("#FF00AA", json.get("color").asText());
            assertEquals("COMPARE", json.get("viewMode").asText());
            assertEquals(0.0075, json.get("pixelSizeMm").asDouble(), 1e-12);
            assertTrue(json.get("recentFiles").get(0).asText().endsWith("IMD256.png"));

            // a new window starts from them
            MainWindow again = open(GuiTestSupport.realModel(), config);
            assertEquals(0.35, onFx(() -> again.viewModel().review().thresholdProperty().get()), 1e-9);
            assertEquals(0xFF00AA, (int) onFx(() -> again.viewModel().review().colorProperty().get()));
            assertEquals(4.0, onFx(() -> again.viewModel().review().contourWidthProperty().get()), 1e-9);
            assertEquals(ViewMode.COMPARE, onFx(() -> again.viewModel().review().viewModeProperty().get()));

            // a damaged file is set aside, defaults are used and the user is told
            Files.writeString(config.resolve("preferences.json"), "{ not json");
            PreferencesStore store = new PreferencesStore(config);
            Preferences p = store.load();
            assertEquals(0.35, p.fillOpacity, 1e-9);
            assertNotNull(store.loadProblem());
            assertTrue(Files.exists(config.resolve("preferences.json.unreadable")));
        } finally {
            if (old == null) {
                System.clearProperty(PreferencesStore.DIR_PROPERTY);
            } else {
                System.setProperty(PreferencesStore.DIR_PROPERTY, old);
            }
        }
    }

    @Test
    void cudaAskedOnACpuOnlyBuildWarnsThatTheCpuIsUsed() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("cuda-config"));
        Preferences p = new Preferences();
        p.device = "cuda";
        new PreferencesStore(config).save(p);
        try (SegmenterService own = SegmenterService.forModel(GuiTestSupport.MODEL)) {
            MainWindow w = open(own, config);
            openImage(w, SAMPLES.resolve("IMD182.png"));
            Problem warning = onFx(() -> w.viewModel().problems().stream()
                    .filter(x -> x.title().startsWith("Running on")).findFirst().orElseThrow());
            assertEquals(Problem.Severity.WARNING, warning.severity());
            assertTrue(warning.reason().contains("CUDA"), warning.reason());
            // auto without CUDA runs the faster CPU engine (the Java one), flagged as a fallback from CUDA
            assertEquals("Java engine · CPU (fallback)", onFx(() -> w.viewModel().navigation().engineTextProperty().get()));
            assertTrue(onFx(() -> w.viewModel().session().hasMask()), "segmented on the CPU");
            waitUntil("the warning dialog", 10, () -> w.openAlerts().stream()
                    .anyMatch(a -> a.getAlertType() == Alert.AlertType.WARNING));
            // told once per engine, not at every image
            openImage(w, SAMPLES.resolve("IMD256.png"));
            assertEquals(1L, (long) onFx(() -> w.viewModel().problems().stream()
                    .filter(x -> x.title().startsWith("Running on")).count()));
            onFx(() -> {
                w.dispose();
                return null;
            });
        }
    }

    @Test
    void droppedFilesBecomeTheImageListAndAFolderOpensItsFirstImage() throws Exception {
        MainWindow w = open();
        Path a = Files.copy(SAMPLES.resolve("IMD413.png"), tmp.resolve("b.png"));
        Path b = Files.copy(SAMPLES.resolve("IMD367.png"), tmp.resolve("a.png"));
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "x");
        onFx(() -> {
            w.viewModel().navigation().openAll(List.of(a, notes, b));
            return null;
        });
        waitUntil("first dropped image", 60, () -> w.viewModel().session() != null && !w.viewModel().isWorking());
        assertEquals(List.of(b.toAbsolutePath(), a.toAbsolutePath()), onFx(() -> List.copyOf(w.viewModel().navigation().images())));
        assertEquals("a.png", onFx(() -> w.viewModel().session().fileName()));
        onFx(() -> {
            w.viewModel().navigation().openAll(List.of(SAMPLES));
            return null;
        });
        waitUntil("folder", 60, () -> w.viewModel().session() != null && !w.viewModel().isWorking()
                && w.viewModel().session().fileName().equals("IMD002.png"));
        assertEquals(10, onFx(() -> w.viewModel().navigation().images().size()));
    }

    @Test
    void aboutShowsTheModelCardAndTheSampleLicence() throws Exception {
        MainWindow w = open();
        openImage(w, SAMPLES.resolve("IMD367.png"));
        String text = onFx(() -> new AboutDialog(stage, w.viewModel()).text());
        org.dermaseg.inference.model.ModelCard card = org.dermaseg.inference.model.ModelArtifacts
                .fromDirectory(GuiTestSupport.MODEL).card(); // the default model's, which the viewer runs
        assertTrue(text.contains(card.name()), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "Parameters: %,d", card.parameters())), text);
        assertTrue(text.contains("external/ph2-samples"), text);
        assertTrue(text.contains("PH2 - A dermoscopic image database"), text);
        assertTrue(text.contains("Mendonça"), text);
        assertNotEquals(-1, text.indexOf("ENGINE IN USE"));
    }
}
