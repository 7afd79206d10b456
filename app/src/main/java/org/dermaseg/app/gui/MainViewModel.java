package org.dermaseg.app.gui;

import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * The main window's view-models, one per job, sharing one {@link WindowState}: {@link #navigation()}
 * (opening, the image list), {@link #review()} (threshold, overlay, metrics), {@link #groundTruth()},
 * {@link #editing()}, {@link #export()}, {@link #measurements()} and {@link #settings()} (typed, self-saving). Everything slow runs
 * off the FX thread (see {@link WindowState}); results come back to the FX thread, where properties change.
 */
public final class MainViewModel implements AutoCloseable {
    private final WindowState state;
    private final ReviewViewModel review;
    private final GroundTruthViewModel groundTruth;
    private final EditingViewModel editing;
    private final ExportViewModel export;
    private final NavigationViewModel navigation;
    private final MeasurementsViewModel measurements;

    public MainViewModel(PreferencesStore store, SegmenterService segmenters) {
        state = new WindowState(store, segmenters);
        review = new ReviewViewModel(state);
        groundTruth = new GroundTruthViewModel(state, review);
        editing = new EditingViewModel(state, review);
        export = new ExportViewModel(state, review);
        navigation = new NavigationViewModel(state, review, groundTruth);
        segmenters.selectTta(settings().ttaProperty().get());
        settings().ttaProperty().addListener((o, was, on) -> {
            segmenters.selectTta(on);
            engineChanged(); // the current image is segmented again, off the FX thread like any open
        });
        measurements = new MeasurementsViewModel(state, review);
        if (store != null && store.loadProblem() != null) {
            Platform.runLater(() -> report(Problem.warning("Preferences were reset", store.loadProblem(),
                    "Nothing to do: your settings will be saved again as you work.")));
        }
    }

    public NavigationViewModel navigation() {
        return navigation;
    }

    public ReviewViewModel review() {
        return review;
    }

    public GroundTruthViewModel groundTruth() {
        return groundTruth;
    }

    public EditingViewModel editing() {
        return editing;
    }

    public ExportViewModel export() {
        return export;
    }

    /** The lesion measurements of the image on screen and its PDF report. */
    public MeasurementsViewModel measurements() {
        return measurements;
    }

    public Settings settings() {
        return state.settings();
    }

    public SegmenterService segmenters() {
        return state.segmenters();
    }

    public ObjectProperty<ImageSession> sessionProperty() {
        return state.sessionProperty();
    }

    public ImageSession session() {
        return state.session();
    }

    public BooleanProperty busyProperty() {
        return state.busyProperty();
    }

    public StringProperty statusProperty() {
        return state.statusProperty();
    }

    /** Bumped whenever the displayed mask or ground truth changes (the viewer redraws). */
    public LongProperty revisionProperty() {
        return state.revisionProperty();
    }

    /** Every problem reported this session (dialogs show them; tests read them). */
    public ObservableList<Problem> problems() {
        return state.problems();
    }

    public void onProblem(Consumer<Problem> listener) {
        state.onProblem(listener);
    }

    public void report(Problem p) {
        state.report(p);
    }

    /** True while an open, export or live update is queued or running. */
    public boolean isWorking() {
        return state.isWorking();
    }

    /** Applies changed engine/device: a new segmenter is opened for the next image, and the current one re-run. */
    public void engineChanged() {
        savePreferences();
        navigation.reload();
    }

    /** Turns flip test-time augmentation on or off ({@link Settings#ttaProperty()}); the image is segmented again. */
    public void toggleTta() {
        settings().ttaProperty().set(!settings().ttaProperty().get());
    }

    /** Writes the settings now (they also save themselves shortly after each change). */
    public void savePreferences() {
        state.settings().save();
    }

    @Override
    public void close() {
        savePreferences();
        measurements.close();
        stopWorkers(10_000);
    }

    /** See {@link WindowState#stopWorkers}: also called from the JVM's shutdown hook. */
    void stopWorkers(long millis) {
        state.stopWorkers(millis);
    }
}
