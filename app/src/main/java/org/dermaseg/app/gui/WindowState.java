package org.dermaseg.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * What the main window's view-models share: the image under review, the busy flag and status line, the
 * problems reported, the settings, and the two background threads. Opening and exporting run as
 * {@link Task}s on one worker thread; live updates (a new threshold, metrics) on a
 * {@link LatestOnlyExecutor}. Properties change on the FX thread only.
 */
public final class WindowState {
    private final Settings settings;
    private final SegmenterService segmenters;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dermaseg-gui-worker");
        t.setDaemon(true);
        return t;
    });
    private final LatestOnlyExecutor updates = new LatestOnlyExecutor("dermaseg-live-update");
    private final List<Consumer<Problem>> problemListeners = new ArrayList<>();
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    /** Bumped when an open starts: older opens still queued become no-ops. */
    private volatile long generation;
    private int pendingTasks;

    private final ObjectProperty<ImageSession> session = new SimpleObjectProperty<>(this, "session");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty status = new SimpleStringProperty(this, "status",
            "Open an image: File > Open, drop it here, or try File > Open Sample Images");
    /** Bumped whenever the displayed mask or ground truth changes (the viewer redraws). */
    private final LongProperty revision = new SimpleLongProperty(this, "revision");

    WindowState(PreferencesStore store, SegmenterService segmenters) {
        this.segmenters = segmenters;
        this.settings = new Settings(store, this::report);
    }

    public Settings settings() {
        return settings;
    }

    public SegmenterService segmenters() {
        return segmenters;
    }

    public ObjectProperty<ImageSession> sessionProperty() {
        return session;
    }

    public ImageSession session() {
        return session.get();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public LongProperty revisionProperty() {
        return revision;
    }

    /** The displayed mask or ground truth changed: the viewer redraws, edit state is refreshed. */
    void maskChanged() {
        revision.set(revision.get() + 1);
    }

    /** Every problem reported this session (dialogs show them; tests read them). */
    public ObservableList<Problem> problems() {
        return problems;
    }

    public void onProblem(Consumer<Problem> listener) {
        problemListeners.add(listener);
    }

    public void report(Problem p) {
        problems.add(p);
        for (Consumer<Problem> l : problemListeners) {
            l.accept(p);
        }
    }

    long generation() {
        return generation;
    }

    long nextGeneration() {
        return ++generation;
    }

    /** Runs {@code task} on the worker thread, counted as work in progress until it succeeds or fails. */
    <T> Task<T> submit(Task<T> task) {
        pendingTasks++;
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> pendingTasks--);
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_FAILED, e -> pendingTasks--);
        worker.submit(task);
        return task;
    }

    /** Runs {@code work} on the worker thread, not counted (the engine's warm-up). */
    void submitQuietly(Runnable work) {
        worker.submit(work);
    }

    LatestOnlyExecutor updates() {
        return updates;
    }

    /** True while an open, export or live update is queued or running. */
    public boolean isWorking() {
        return busy.get() || pendingTasks > 0 || updates.isBusy();
    }

    /**
     * Queued opens become no-ops and an inference in progress gets up to {@code millis} to finish, so the
     * engine is not closed, nor the process ended, under native code still running. Touches no JavaFX
     * state: also called from the JVM's shutdown hook (SIGTERM, logout).
     */
    void stopWorkers(long millis) {
        generation++;
        worker.shutdown();
        updates.close();
        try {
            worker.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
