package org.dermaseg.app.gui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application: one {@link MainWindow}, the shared segmenter closed at exit. */
public final class DermasegFx extends Application {
    private SegmenterService segmenters;

    @Override
    public void start(Stage stage) {
        segmenters = SegmenterService.forModel(GuiLauncher.modelDir());
        GuiContext ctx = new GuiContext(PreferencesStore.standard(), segmenters,
                p -> getHostServices().showDocument(p.toUri().toString()), GuiLauncher.initialImage());
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.println("dermaseg: " + t.getName()
                + ": unexpected error: " + e));
        MainWindow w = new MainWindow(stage, ctx);
        stage.show();
        // a failure inside an FX event handler becomes a dialog instead of a dead window
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> Platform.runLater(() ->
                w.viewModel().report(Problem.of("complete the action", e))));
    }

    @Override
    public void stop() {
        if (segmenters != null) {
            segmenters.close();
        }
    }
}
