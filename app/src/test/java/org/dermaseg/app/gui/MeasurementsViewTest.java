package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.SAMPLES;
import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.dermaseg.app.gui.GuiTestSupport.screenshot;
import static org.dermaseg.app.gui.GuiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.LesionMeasurer;
import org.dermaseg.inference.report.LesionReportPdf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Measurements section follows the mask, shows the colour regions on demand, and File > Report writes the PDF. */
@ExtendWith(ApplicationExtension.class)
class MeasurementsViewTest {
    static {
        GuiTestSupport.init();
    }

    @TempDir
    Path config;

    private MainWindow window;
    private final List<Path> opened = new ArrayList<>();

    @BeforeAll
    static void model() throws Exception {
        GuiTestSupport.sharedSegmenter();
    }

    @Start
    void start(Stage stage) {
        PreferencesStore store = new PreferencesStore(config);
        window = new MainWindow(stage, new GuiContext(store, GuiTestSupport.realModel(), opened::add, null));
        stage.show();
    }

    @org.junit.jupiter.api.AfterEach
    void closeWindow() {
        GuiTestSupport.closeWindow(window); // stops its threads; the next test builds a new window
    }

    private String text(FxRobot robot, String id) {
        return onFx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    private LesionMeasurements shown() {
        return onFx(() -> window.viewModel().measurements().measurementsProperty().get());
    }

    @Test
    void measurementsFollowTheMaskAndTheRegionsAndReportAreThere(FxRobot robot) throws Exception {
        MainViewModel vm = window.viewModel();
        onFx(() -> {
            vm.settings().pixelSizeMmProperty().set(0.0265);
            vm.navigation().open(SAMPLES.resolve("IMD002.png"));
            return null;
        });
        waitUntil("measurements of IMD002", 60, () -> vm.session() != null && shown() != null
                && text(robot, "#measure-asymmetry").matches("[012]"));
        LesionMeasurements m = shown();
        // the same numbers as the library gives for the mask on screen
        LesionMeasurements direct = LesionMeasurer.measure(MeasurementsViewModel.imageOf(vm.session()),
                onFx(() -> vm.session().editor().mask()), 0.0265);
        assertEquals(direct.asymmetry(), m.asymmetry());
        assertEquals(direct.colours().fractions(), m.colours().fractions());
        assertEquals(Integer.toString(m.asymmetry().score()), text(robot, "#measure-asymmetry"));
        assertTrue(text(robot, "#measure-max-diameter").endsWith("mm") || text(robot, "#measure-max-diameter")
                .endsWith("> 6 mm"), text(robot, "#measure-max-diameter"));

        // another threshold, another mask, other measurements
        long before = m.size().areaPx();
        onFx(() -> {
            vm.review().thresholdProperty().set(0.9);
            return null;
        });
        waitUntil("measurements at threshold 0.9", 60, () -> shown() != null && shown().size().areaPx() != before);
        assertTrue(shown().size().areaPx() < before, "a higher threshold outlines less");

        // colour regions on demand
        ImageView layer = onFx(() -> robot.lookup("#colour-regions-layer").queryAs(ImageView.class));
        assertTrue(onFx(() -> !layer.isVisible()));
        onFx(() -> {
            robot.lookup("#show-colour-regions").queryAs(CheckBox.class).setSelected(true);
            return null;
        });
        waitUntil("colour layer shown", 10, () -> onFx(() -> layer.isVisible() && layer.getImage() != null));
        assertTrue(onFx(() -> layer.getFitWidth() > 50), "the layer is scaled onto the image");
        screenshot(window.stage().getScene(), "measurements-colour-regions");
        onFx(() -> {
            robot.lookup("#show-colour-regions").queryAs(CheckBox.class).setSelected(false);
            return null;
        });
        waitUntil("colour layer hidden", 10, () -> onFx(() -> !layer.isVisible()));

        // File > Report (the chooser aside)
        Path pdf = config.resolve("IMD002_report.pdf");
        var task = onFx(() -> window.viewModel().measurements().writeReport(pdf));
        waitUntil("report written", 60, () -> task.isDone());
        assertNotNull(task.get());
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            String t = new PDFTextStripper().getText(d);
            assertTrue(t.contains("IMD002.png") && t.contains(LesionReportPdf.DISCLAIMER), t);
            assertTrue(t.contains("threshold 0.90"), t);
        }
        assertNotEquals(0, Files.size(pdf));
    }
}
