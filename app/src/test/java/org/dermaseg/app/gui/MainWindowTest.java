package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.MASKS;
import static org.dermaseg.app.gui.GuiTestSupport.SAMPLES;
import static org.dermaseg.app.gui.GuiTestSupport.count;
import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.dermaseg.app.gui.GuiTestSupport.pixels;
import static org.dermaseg.app.gui.GuiTestSupport.screenshot;
import static org.dermaseg.app.gui.GuiTestSupport.waitIdle;
import static org.dermaseg.app.gui.GuiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.render.OverlayStyle;
import org.dermaseg.inference.render.ViewMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The viewer's day: open, overlay, ground truth and metrics, threshold, brush and undo. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    static {
        GuiTestSupport.init();
    }

    @TempDir
    Path config;

    private MainWindow window;
    private final List<Path> opened = new ArrayList<>();

    @BeforeAll
    static void model() throws Exception {
        GuiTestSupport.sharedSegmenter(); // open the model once, outside the per-test timeouts
    }

    @Start
    void start(Stage stage) {
        PreferencesStore store = new PreferencesStore(config);
        Preferences p = store.load();
        p.windowWidth = 1280;
        p.windowHeight = 800;
        try {
            store.save(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        window = new MainWindow(stage, new GuiContext(store, GuiTestSupport.realModel(), opened::add, null));
        stage.show();
    }

    @org.junit.jupiter.api.AfterEach
    void closeWindow() {
        GuiTestSupport.closeWindow(window); // stops its threads; the next test builds a new window
    }

    private MainViewModel vm() {
        return window.viewModel();
    }

    private void open(Path image) {
        onFx(() -> {
            vm().navigation().open(image);
            return null;
        });
        waitUntil("segmentation of " + image.getFileName(), 60, this::state,
                () -> vm().session() != null && vm().session().path().getFileName().equals(image.getFileName())
                        && !vm().isWorking() && vm().review().metricsProperty().get() != null);
    }

    /** What the window is doing, for timeout messages. */
    private String state() {
        return onFx(() -> "[session=" + (vm().session() == null ? null : vm().session().fileName()) + ", busy="
                + vm().busyProperty().get() + ", working=" + vm().isWorking() + ", status=" + vm().statusProperty().get()
                + ", problems=" + vm().problems() + "]");
    }

    private String text(FxRobot robot, String id) {
        return onFx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    @Test
    void openImageShowsTheOverlayAndTheStatus(FxRobot robot) {
        open(SAMPLES.resolve("IMD002.png"));
        // auto on a machine without CUDA: the faster CPU engine
        assertTrue(text(robot, "#status-engine").startsWith("Java engine · CPU"), text(robot, "#status-engine"));
        assertTrue(text(robot, "#status-timing").matches("Inference \\d+ ms · total \\d+ ms"), text(robot, "#status-timing"));
        assertEquals("765 × 572 px", text(robot, "#status-size"));
        assertEquals("IMD002.png — DermaSeg", onFx(() -> window.stage().getTitle()));
        // the outline is drawn in the overlay colour, opaque
        int contour = 0xFF000000 | vm().review().colorProperty().get();
        int n = count(pixels(window.viewer().frame()), contour);
        assertTrue(n > 200, "outline pixels on screen: " + n);
        assertEquals(10, onFx(() -> vm().navigation().images().size()), "the folder's images are listed");
        screenshot(window.stage().getScene(), "01-open-mask");

        onFx(() -> {
            vm().review().viewModeProperty().set(ViewMode.ORIGINAL);
            return null;
        });
        waitUntil("redraw", 5, () -> count(pixels(window.viewer().frame()), contour) == 0);
    }

    @Test
    void groundTruthIsFoundAndTheMetricsShowItsDice(FxRobot robot) throws Exception {
        Path image = SAMPLES.resolve("IMD027.png");
        open(image);
        waitUntil("ground-truth metrics", 30, () -> vm().review().metricsProperty().get().hasMetrics());
        assertEquals("Ground truth: IMD027_lesion.png", text(robot, "#gt-label"));

        // expected Dice computed independently: the model's mask at the slider's threshold, cleaned up as the
        // viewer does by default, vs the expert mask
        double t = onFx(() -> vm().review().thresholdProperty().get());
        assertTrue(onFx(() -> vm().review().cleanUpProperty().get()), "clean-up is on by default");
        SegmentationResult r = GuiTestSupport.sharedSegmenter().segment(image).withPostprocess(PostprocessOptions.CLEAN);
        BinaryMask mask = r.mask(t);
        BinaryMask gt = new GroundTruthLoader().loadFor(MASKS.resolve("IMD027_lesion.png"), r.width(), r.height());
        double dice = MaskMetrics.dice(Confusion.of(mask.data(), gt.data()));
        assertTrue(dice > 0.5, "a trained model outlines the lesion: " + dice);
        assertEquals(String.format(Locale.ROOT, "%.4f", dice), text(robot, "#metric-dice"));
        assertEquals(String.format(Locale.ROOT, "%.4f", MaskMetrics.iou(Confusion.of(mask.data(), gt.data()))),
                text(robot, "#metric-iou"));
        assertTrue(text(robot, "#metric-hd95").endsWith(" px"), text(robot, "#metric-hd95"));

        // compare view: TP/FP/FN colours on screen
        robot.clickOn("#mode-compare");
        onFx(() -> {
            vm().review().fillOpacityProperty().set(1.0);
            return null;
        });
        waitUntil("compare colours", 5, () -> count(pixels(window.viewer().frame()), 0xFF000000 | OverlayStyle.TP_COLOR) > 1000);
        onFx(() -> {
            vm().review().fillOpacityProperty().set(0.45);
            return null;
        });
        WaitForFx.events();
        screenshot(window.stage().getScene(), "02-compare-metrics");

        // picking a mask by hand gives the same numbers; a pixel size adds millimetres
        onFx(() -> {
            vm().groundTruth().clear();
            return null;
        });
        waitUntil("metrics without ground truth", 10, () -> !vm().review().metricsProperty().get().hasMetrics());
        assertEquals(Formats.NONE, text(robot, "#metric-dice"));
        onFx(() -> {
            vm().groundTruth().load(MASKS.resolve("IMD027_lesion.png"));
            vm().review().pixelSizeMmProperty().set(0.01);
            return null;
        });
        waitUntil("metrics again", 20, () -> !vm().isWorking() && vm().review().metricsProperty().get().hasMetrics()
                && vm().review().metricsProperty().get().run().pixelSizeMm() != null);
        assertEquals(String.format(Locale.ROOT, "%.4f", dice), text(robot, "#metric-dice"));
        assertEquals(String.format(Locale.ROOT, "%.2f mm²", mask.area() * 0.0001), text(robot, "#metric-area-mm2"));
    }

    @Test
    void thresholdSliderChangesTheMaskAreaWithoutRerunningTheModel(FxRobot robot) throws Exception {
        Path image = SAMPLES.resolve("IMD152.png");
        open(image);
        SegmentationResult before = onFx(() -> vm().session().result());
        SegmentationResult r = GuiTestSupport.sharedSegmenter().segment(image).withPostprocess(PostprocessOptions.CLEAN);
        long low = r.mask(0.2).area();
        long high = r.mask(0.8).area();
        assertTrue(low > high, low + " vs " + high);

        Slider slider = robot.lookup("#threshold-slider").queryAs(Slider.class);
        onFx(() -> {
            slider.setValue(0.2);
            return null;
        });
        waitUntil("area at 0.2", 20, () -> !vm().isWorking() && vm().review().metricsProperty().get().lesionAreaPx() == low);
        assertEquals(String.format(Locale.ROOT, "%,d px", low), text(robot, "#metric-area-px"));
        assertEquals("0.20", text(robot, "#threshold-value"));

        // the keyboard moves it too (the slider has focus): END is the maximum 0.99
        robot.clickOn(slider);
        onFx(() -> {
            slider.setValue(0.8);
            return null;
        });
        waitUntil("area at 0.8", 20, () -> !vm().isWorking() && vm().review().metricsProperty().get().lesionAreaPx() == high);
        assertEquals(String.format(Locale.ROOT, "%,d px", high), text(robot, "#metric-area-px"));
        assertTrue(before == onFx(() -> vm().session().result()), "same model result: re-thresholded, not re-run");
        onFx(() -> {
            slider.setValue(0.5);
            vm().review().viewModeProperty().set(ViewMode.PROBABILITY);
            return null;
        });
        GuiTestSupport.waitIdle(window, 20);
        screenshot(window.stage().getScene(), "04-heatmap");
    }

    @Test
    void cleanUpTogglesBetweenTheRawAndTheCleanedMaskWithoutRerunningTheModel(FxRobot robot) throws Exception {
        Path image = SAMPLES.resolve("IMD413.png"); // model 2.0.0 leaves holes in this lesion; clean-up fills them
        open(image);
        SegmentationResult raw = GuiTestSupport.sharedSegmenter().segment(image);
        double t = onFx(() -> vm().review().thresholdProperty().get());
        long rawArea = raw.mask(t).area();
        long cleanArea = raw.withPostprocess(PostprocessOptions.CLEAN).mask(t).area();
        assertTrue(cleanArea != rawArea, "clean-up changes the mask: " + cleanArea + " vs " + rawArea);
        assertEquals(cleanArea, (long) onFx(() -> vm().review().metricsProperty().get().lesionAreaPx()), "on by default");
        double inferMs = onFx(() -> vm().session().result().timings().inferMs());

        robot.clickOn("#clean-up-check");
        waitUntil("raw mask", 20, () -> !vm().isWorking() && vm().review().metricsProperty().get().lesionAreaPx() == rawArea);
        assertFalse(onFx(() -> vm().review().cleanUpProperty().get()));
        assertEquals(String.format(Locale.ROOT, "%,d px", rawArea), text(robot, "#metric-area-px"));
        onFx(() -> {
            vm().savePreferences();
            return null;
        });
        assertFalse(new PreferencesStore(config).load().cleanUp, "the setting is remembered");

        robot.type(KeyCode.K);
        waitUntil("cleaned mask", 20, () -> !vm().isWorking() && vm().review().metricsProperty().get().lesionAreaPx() == cleanArea);
        assertTrue(onFx(() -> vm().review().cleanUpProperty().get()));
        assertEquals(inferMs, onFx(() -> vm().session().result().timings().inferMs()),
                "same inference: the mask is re-derived from the kept probabilities");
        assertTrue(text(robot, "#metrics-note").contains("cleaned up"), text(robot, "#metrics-note"));
    }

    @Test
    void brushPaintsAndUndoRestoresTheModelMask(FxRobot robot) {
        open(SAMPLES.resolve("IMD390.png"));
        long model = onFx(() -> vm().review().metricsProperty().get().lesionAreaPx());
        robot.clickOn("#tool-brush");
        assertEquals(EditingViewModel.Tool.BRUSH, onFx(() -> vm().editing().toolProperty().get()));
        onFx(() -> {
            vm().editing().brushSizeProperty().set(30);
            return null;
        });
        // a stroke across the top left corner, which is skin (background) in this image
        double[] a = onFx(() -> window.viewer().toScreen(40, 40));
        double[] b = onFx(() -> window.viewer().toScreen(200, 60));
        javafx.geometry.Point2D origin = onFx(() -> window.viewer().localToScreen(0, 0));
        robot.moveTo(origin.getX() + a[0], origin.getY() + a[1]);
        robot.press(MouseButton.PRIMARY);
        robot.moveTo(origin.getX() + (a[0] + b[0]) / 2, origin.getY() + (a[1] + b[1]) / 2);
        robot.moveTo(origin.getX() + b[0], origin.getY() + b[1]);
        robot.release(MouseButton.PRIMARY);
        waitUntil("metrics after the stroke", 10, () -> !vm().isWorking()
                && vm().review().metricsProperty().get().lesionAreaPx() > model + 2000);
        assertTrue(onFx(() -> vm().editing().editedProperty().get()));
        assertEquals("Mask edited by hand", text(robot, "#edited-label"));
        assertTrue(onFx(() -> vm().review().metricsProperty().get().edited()));
        assertTrue(onFx(() -> window.stage().getTitle()).contains("(edited)"));
        screenshot(window.stage().getScene(), "03-brush-edit");

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitUntil("undo", 10, () -> !vm().isWorking() && vm().review().metricsProperty().get().lesionAreaPx() == model);
        assertFalse(onFx(() -> vm().editing().editedProperty().get()));
        assertEquals("Model output", text(robot, "#edited-label"));

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("redo", 10, () -> !vm().isWorking() && vm().review().metricsProperty().get().lesionAreaPx() > model + 2000);
        assertTrue(onFx(() -> vm().editing().editedProperty().get()));

        robot.clickOn("#reset-button");
        waitUntil("reset", 10, () -> !vm().isWorking() && vm().review().metricsProperty().get().lesionAreaPx() == model);
        assertNotNull(onFx(() -> vm().session().editor()));
    }
}
