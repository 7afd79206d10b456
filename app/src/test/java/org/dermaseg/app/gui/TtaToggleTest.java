package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.SAMPLES;
import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.dermaseg.app.gui.GuiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.dermaseg.inference.SegmentationDefaults;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.FlipTtaEngine;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.testsupport.FakeEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** View > Toggle Flip TTA (key A): remembered in the settings, and the image is segmented again with it. */
@ExtendWith(ApplicationExtension.class)
class TtaToggleTest {
    static {
        GuiTestSupport.init();
    }

    @TempDir
    Path tmp;

    private Stage stage;
    private MainWindow window;

    /** The fake network, recording each call's batch size and thread. */
    static final class RecordingEngine implements SegmentationEngine {
        final FakeEngine fake = new FakeEngine(0, false);
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public EngineInfo info() {
            return fake.info();
        }

        @Override
        public float[] infer(float[] nchw, int batch) throws EngineException {
            batches.add(batch);
            threads.add(Thread.currentThread().getName());
            return fake.infer(nchw, batch);
        }

        @Override
        public void close() {
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        GuiTestSupport.closeWindow(window);
    }

    @Test
    void toggleIsStoredAndSegmentsTheImageAgainUnderTta(FxRobot robot) throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        ModelArtifacts artifacts = FakeEngine.artifacts(Files.createDirectories(tmp.resolve("model")));
        RecordingEngine engine = new RecordingEngine();
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        SegmenterService service = new SegmenterService((e, d, tta) -> {
            opened.incrementAndGet();
            return new Segmenter(artifacts, engine, SegmenterOptions.DEFAULT.withTta(tta));
        });
        window = GuiTestSupport.openWindow(stage, config, service, p -> { }, 1100, 760);
        MainViewModel vm = window.viewModel();
        assertEquals(SegmentationDefaults.TTA, onFx(() -> vm.settings().ttaProperty().get()), "the shared default");
        if (SegmentationDefaults.TTA) { // the test starts from "off" whatever the default
            onFx(() -> {
                vm.toggleTta();
                return null;
            });
        }
        Path image = SAMPLES.resolve("IMD002.png");
        onFx(() -> {
            vm.navigation().open(image);
            return null;
        });
        waitUntil("the image without TTA", 60, () -> vm.session() != null && vm.session().result() != null
                && !FlipTtaEngine.isOn(vm.session().result().engine()) && !vm.isWorking());
        int callsBefore = engine.batches.size();
        assertFalse(engine.batches.contains(4), "no 4-flip call yet: " + engine.batches);

        robot.type(KeyCode.A);
        waitUntil("the image segmented again under TTA", 60, () -> vm.session() != null
                && vm.session().result() != null && FlipTtaEngine.isOn(vm.session().result().engine())
                && !vm.isWorking());

        assertTrue(onFx(() -> vm.settings().ttaProperty().get()));
        assertTrue(new PreferencesStore(config).load().tta, "saved at once, as an engine change is");
        assertTrue(service.selectedTta());
        List<Integer> after = engine.batches.subList(callsBefore, engine.batches.size());
        assertTrue(after.contains(4), "one call of the 4 flips of the image: " + after);
        List<String> threads = engine.threads.subList(callsBefore, engine.threads.size());
        assertFalse(threads.contains("JavaFX Application Thread"), "segmented off the FX thread: " + threads);
        assertTrue(onFx(() -> vm.navigation().engineTextProperty().get()).contains("flip TTA"),
                onFx(() -> vm.navigation().engineTextProperty().get()));
        waitUntil("the metrics (exported as CSV/JSON) to record TTA", 30,
                () -> vm.review().metricsProperty().get() != null && Boolean.TRUE.equals(vm.review().metricsProperty().get().run().tta()));

        robot.type(KeyCode.A);
        waitUntil("the image segmented again without TTA", 60, () -> vm.session() != null
                && vm.session().result() != null && !FlipTtaEngine.isOn(vm.session().result().engine())
                && !vm.isWorking());
        assertFalse(new PreferencesStore(config).load().tta);
        assertEquals(2, opened.get(), "back to no TTA takes the segmenter opened first, not a third one");
    }
}
