package org.dermaseg.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.export.ExportFiles;
import org.dermaseg.inference.model.ModelArtifacts;
import org.testfx.util.WaitForAsyncUtils;
import org.dermaseg.inference.io.OverlayPng;
import org.dermaseg.testsupport.RepoPaths;

/**
 * Shared set-up of the GUI tests: the display (Xvfb when DISPLAY is set, as scripts/test.sh arranges;
 * Monocle headless otherwise, which needs Java 21), the real model opened once for every test class,
 * waiting helpers and screenshots written to target/screenshots.
 */
final class GuiTestSupport {
    static {
        // TestFX's default AWT robot cannot work with java.awt.headless=true (set by surefire); glass can
        System.setProperty("testfx.robot", "glass");
        System.setProperty("prism.order", "sw");
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            if (Runtime.version().feature() < 21) {
                // openjfx-monocle 21.x is compiled for Java 21: on older runtimes a display is the only way
                throw new IllegalStateException("the GUI tests need a display: run them under Xvfb, e.g. "
                        + "xvfb-run -a mvn verify (scripts/test.sh does this); headless Monocle "
                        + "(org.testfx:openjfx-monocle 21) needs Java 21, this is Java " + Runtime.version());
            }
            System.setProperty("testfx.headless", "true");
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("headless.geometry", "1600x1200-32");
        }
    }

    static final Path ROOT = root();
    static final Path MODEL = ROOT.resolve("model");
    static final Path SAMPLES = ROOT.resolve("assets/samples/images");
    static final Path MASKS = ROOT.resolve("assets/samples/masks");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static SegmenterService shared;

    private GuiTestSupport() {
    }

    /** A segmenter service whose every segmenter runs {@code engine} (minimal model card in {@code dir}). */
    static SegmenterService fakeService(Path dir, org.dermaseg.testsupport.FakeEngine engine) throws Exception {
        ModelArtifacts artifacts = org.dermaseg.testsupport.FakeEngine.artifacts(dir);
        return new SegmenterService((e, d, tta) -> new Segmenter(artifacts, engine,
                SegmenterOptions.DEFAULT.withTta(tta)));
    }

    /**
     * A main window on {@code stage} with settings kept in {@code config}, shown; {@code width <= 0} keeps the
     * size the window chose for itself. Runs on the FX thread.
     */
    static MainWindow openWindow(Stage stage, Path config, SegmenterService service, Consumer<Path> opened,
                                 double width, double height) {
        return onFx(() -> {
            MainWindow w = new MainWindow(stage, new GuiContext(new PreferencesStore(config), service, opened, null));
            if (width > 0) {
                stage.setWidth(width);
                stage.setHeight(height);
            }
            stage.show();
            return w;
        });
    }

    /** Closes the window's open alerts, then the window (and its view-models); nothing when null. */
    static void closeWindow(MainWindow window) {
        if (window != null) {
            onFx(() -> {
                List.copyOf(window.openAlerts()).forEach(Alert::close);
                window.dispose();
                return null;
            });
        }
    }

    /** Loads this class (and so the display properties) before TestFX starts. */
    static void init() {
    }

    static Path root() {
        return RepoPaths.root();
    }

    /** One real-model segmenter service for all GUI tests (opening ONNX Runtime takes a second). */
    static synchronized SegmenterService realModel() {
        if (shared == null) {
            shared = new SegmenterService((e, d, tta) -> Segmenter.open(ModelArtifacts.fromDirectory(MODEL), e, d,
                    SegmenterOptions.DEFAULT.withTta(tta)));
        }
        return shared;
    }

    /** The same segmenter the GUI uses for its default choice (auto/auto). */
    static Segmenter sharedSegmenter() throws Exception {
        return realModel().get(EngineChoice.AUTO, DeviceChoice.AUTO);
    }

    /** Waits until {@code condition}, evaluated on the FX thread, holds. */
    static void waitUntil(String what, double seconds, BooleanSupplier condition) {
        waitUntil(what, seconds, () -> "", condition);
    }

    /** As above; {@code state} describes the situation when the wait times out. */
    static void waitUntil(String what, double seconds, java.util.function.Supplier<String> state,
                          BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS,
                    () -> onFx(condition::getAsBoolean));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for " + what + " " + state.get()
                    + "\n" + threadDump(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Stacks of the application's threads, for timeouts in CI logs. */
    static String threadDump() {
        StringBuilder sb = new StringBuilder("threads:\n");
        Thread.getAllStackTraces().forEach((t, st) -> {
            String n = t.getName();
            if (n.startsWith("dermaseg") || n.startsWith("JavaFX Application") || n.contains("QuantumRenderer")) {
                sb.append("  ").append(n).append(' ').append(t.getState()).append('\n');
                for (int i = 0; i < Math.min(12, st.length); i++) {
                    sb.append("      at ").append(st[i]).append('\n');
                }
            }
        });
        return sb.toString();
    }

    static <T> T onFx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for an open (or any background work of the window) to finish. */
    static void waitIdle(MainWindow w, double seconds) {
        waitUntil("the window to be idle", seconds, () -> !w.viewModel().isWorking());
    }

    /** ARGB pixels of an image. */
    static int[] pixels(Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] px = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return px;
    }

    static int count(int[] px, int argb) {
        int n = 0;
        for (int p : px) {
            if (p == argb) {
                n++;
            }
        }
        return n;
    }

    /** Snapshot of a scene saved as target/screenshots/NAME.png; returns the file. */
    static Path screenshot(Scene scene, String name) {
        WritableImage img = onFx(() -> scene.snapshot(null));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path f = SCREENSHOTS.resolve(name + ".png");
            Files.write(f, OverlayPng.rgbPng(pixels(img), (int) img.getWidth(), (int) img.getHeight()));
            return f;
        } catch (Exception e) {
            throw new IllegalStateException("screenshot " + name + " failed", e);
        }
    }
}
