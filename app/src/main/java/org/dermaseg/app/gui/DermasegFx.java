package org.dermaseg.app.gui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.dermaseg.app.ExitSignals;

/** The JavaFX application: one {@link MainWindow}, the shared segmenter closed at exit. */
public final class DermasegFx extends Application {
    private SegmenterService segmenters;
    private ExitSignals.Scope signals;

    @Override
    public void start(Stage stage) {
        segmenters = SegmenterService.forModel(GuiLauncher.modelDir());
        GuiContext ctx = new GuiContext(PreferencesStore.standard(), segmenters,
                p -> getHostServices().showDocument(p.toUri().toString()), GuiLauncher.initialImage());
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.println("dermaseg: " + t.getName()
                + ": unexpected error: " + e));
        MainWindow w = new MainWindow(stage, ctx);
        // SIGTERM / logout: stop the work in progress first, then end JavaFX the normal way
        signals = ExitSignals.cancelling(() -> {
            w.stopForExit();
            Platform.exit();
        });
        stage.show();
        // a failure inside an FX event handler becomes a dialog instead of a dead window
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> Platform.runLater(() ->
                w.viewModel().report(Problem.of("complete the action", e))));
    }

    @Override
    public void stop() {
        if (signals != null) {
            signals.close();
        }
        if (segmenters != null) {
            segmenters.close();
        }
    }
}
