package org.dermaseg.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.batch.BatchException;
import org.dermaseg.inference.batch.BatchListener;
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.batch.BatchRunner;
import org.dermaseg.inference.batch.BatchSummary;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.metrics.PoolSummary;

/**
 * State of the batch dialog around a {@link BatchRunner}: the run goes on its own thread (the runner
 * starts its pipeline threads from there), progress events hop to the FX thread, cancel asks the runner
 * to stop (images in progress finish, the reports are still written).
 */
public final class BatchViewModel {
    public enum Mode { NEW, RESUME, OVERWRITE }

    /** Engine entry that means "the viewer's segmenter". */
    public static final String SAME_AS_VIEWER = "same as viewer";

    /** One row of the live table. */
    public record Row(long position, String file, String status, String dice, String ms, String reason) {
    }

    private final MainViewModel main;

    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final StringProperty output = new SimpleStringProperty(this, "output", "");
    private final StringProperty groundTruth = new SimpleStringProperty(this, "groundTruth", "");
    private final StringProperty engine = new SimpleStringProperty(this, "engine", SAME_AS_VIEWER);
    private final StringProperty device = new SimpleStringProperty(this, "device", "auto");
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.NEW);

    private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
    private final BooleanProperty cancelling = new SimpleBooleanProperty(this, "cancelling");
    private final LongProperty total = new SimpleLongProperty(this, "total", -1);
    private final LongProperty processed = new SimpleLongProperty(this, "processed");
    private final LongProperty failed = new SimpleLongProperty(this, "failed");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
    private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
    private final StringProperty summaryText = new SimpleStringProperty(this, "summaryText", "");
    private final ObjectProperty<Path> report = new SimpleObjectProperty<>(this, "report");
    private final ObjectProperty<BatchSummary> summary = new SimpleObjectProperty<>(this, "summary");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();

    private volatile BatchRunner runner;
    private volatile Thread thread;
    private long startNanos;

    public BatchViewModel(MainViewModel main) {
        this.main = main;
        Settings p = main.settings();
        // first batch: the folder the viewer last opened from is the likely input
        Path in = p.lastBatchInputProperty().get() != null ? p.lastBatchInputProperty().get()
                : p.lastOpenFolderProperty().get();
        input.set(in == null ? "" : in.toString());
        output.set(p.lastBatchOutputProperty().get() == null ? "" : p.lastBatchOutputProperty().get().toString());
        groundTruth.set(p.lastBatchGroundTruthProperty().get() == null ? ""
                : p.lastBatchGroundTruthProperty().get().toString());
    }

    public StringProperty inputProperty() {
        return input;
    }

    public StringProperty outputProperty() {
        return output;
    }

    public StringProperty groundTruthProperty() {
        return groundTruth;
    }

    public StringProperty engineProperty() {
        return engine;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public BooleanProperty cancellingProperty() {
        return cancelling;
    }

    public LongProperty totalProperty() {
        return total;
    }

    public LongProperty processedProperty() {
        return processed;
    }

    public LongProperty failedProperty() {
        return failed;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty progressTextProperty() {
        return progressText;
    }

    public StringProperty summaryTextProperty() {
        return summaryText;
    }

    public ObjectProperty<Path> reportProperty() {
        return report;
    }

    public ObjectProperty<BatchSummary> summaryProperty() {
        return summary;
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    /** Why the form cannot start, or null. */
    public String validate() {
        if (input.get().isBlank() || !Files.isDirectory(Path.of(input.get().trim()))) {
            return "Choose an existing input folder of images.";
        }
        if (output.get().isBlank()) {
            return "Choose an output folder for the masks and the report.";
        }
        if (!groundTruth.get().isBlank() && !Files.isDirectory(Path.of(groundTruth.get().trim()))) {
            return "The ground-truth folder does not exist (leave it empty to look beside the images only).";
        }
        return null;
    }

    /** Starts the run; returns false (and reports why) when the form is incomplete or a run is on. */
    public boolean start() {
        if (running.get()) {
            return false;
        }
        String why = validate();
        if (why != null) {
            main.report(Problem.error("The batch cannot start", why, "Fill in the folders and press Start again."));
            return false;
        }
        Path in = Path.of(input.get().trim());
        Path out = Path.of(output.get().trim());
        Path gt = groundTruth.get().isBlank() ? null : Path.of(groundTruth.get().trim());
        BatchOptions opts;
        try {
            opts = BatchOptions.of(in, out).withGroundTruth(gt).withResume(mode.get() == Mode.RESUME)
                    .withOverwrite(mode.get() == Mode.OVERWRITE)
                    // the masks the viewer shows: its threshold and clean-up
                    .withThreshold(main.review().thresholdProperty().get()).withPostprocess(main.review().postprocessOptions())
                    .withPixelSizeMm(main.settings().pixelSizeMmProperty().get());
        } catch (IllegalArgumentException e) {
            main.report(Problem.of("start the batch", e));
            return false;
        }
        Settings p = main.settings();
        p.lastBatchInputProperty().set(in);
        p.lastBatchOutputProperty().set(out);
        p.lastBatchGroundTruthProperty().set(gt);
        main.savePreferences();

        rows.clear();
        total.set(-1);
        processed.set(0);
        failed.set(0);
        progress.set(ProgressIndicatorIndeterminate.VALUE);
        progressText.set("Listing " + in + " …");
        summaryText.set("");
        report.set(null);
        summary.set(null);
        running.set(true);
        cancelling.set(false);
        startNanos = System.nanoTime();

        boolean viewerEngine = SAME_AS_VIEWER.equals(engine.get());
        EngineChoice e = viewerEngine ? main.settings().engineProperty().get() : EngineChoice.parse(engine.get());
        DeviceChoice d = viewerEngine ? main.settings().deviceProperty().get() : DeviceChoice.parse(device.get());
        Thread t = new Thread(() -> run(opts, viewerEngine, e, d), "dermaseg-gui-batch");
        t.setDaemon(true);
        thread = t;
        t.start();
        return true;
    }

    private void run(BatchOptions opts, boolean viewerEngine, EngineChoice e, DeviceChoice d) {
        Segmenter own = null;
        try {
            Segmenter seg;
            if (viewerEngine || main.segmenters().isCurrent(e, d)) {
                seg = main.segmenters().get(e, d); // the one shared, thread-safe segmenter
            } else {
                own = main.segmenters().openSeparate(e, d);
                seg = own;
            }
            BatchRunner r = new BatchRunner(seg, opts, new Listener());
            runner = r;
            if (cancelling.get()) {
                r.cancel();
            }
            BatchSummary s = r.run();
            Platform.runLater(() -> finished(s));
        } catch (BatchException | RuntimeException | org.dermaseg.inference.model.ModelException
                 | org.dermaseg.inference.engine.EngineException ex) {
            Platform.runLater(() -> {
                running.set(false);
                cancelling.set(false);
                progress.set(0);
                progressText.set("Not started");
                main.report(Problem.of("run the batch", ex));
            });
        } finally {
            runner = null;
            if (own != null) {
                own.close();
            }
        }
    }

    /** Asks the run to stop; images in progress finish and the report is written. */
    public void cancel() {
        if (!running.get()) {
            return;
        }
        cancelling.set(true);
        progressText.set("Cancelling: images in progress finish, then the report is written …");
        BatchRunner r = runner;
        if (r != null) {
            r.cancel();
        }
    }

    /**
     * Cancels a run and waits up to {@code millis} for it to end (images in progress finish, the report is
     * written), so the shared segmenter is not closed under it when the application exits.
     */
    public void cancelAndWait(long millis) {
        cancel();
        awaitRun(millis);
    }

    /**
     * For a stop signal ({@link org.dermaseg.app.ExitSignals}, off the FX thread): cancels the run without
     * touching JavaFX state and waits up to {@code millis} for images in progress to finish (the report is
     * then written).
     */
    void cancelForExit(long millis) {
        BatchRunner r = runner;
        if (r != null) {
            r.cancel();
        }
        awaitRun(millis);
    }

    private void awaitRun(long millis) {
        Thread t = thread;
        if (t != null) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Listener implements BatchListener {
        @Override
        public void started(long n) {
            Platform.runLater(() -> {
                total.set(n);
                updateProgress();
            });
        }

        @Override
        public void fileDone(ImageRecord r) {
            Platform.runLater(() -> add(r));
        }

        @Override
        public void fileFailed(Path path, String reason, ImageRecord r) {
            Platform.runLater(() -> add(r));
        }

        @Override
        public void finished(BatchSummary s) {
            // handled when run() returns (the report files are committed by then)
        }
    }

    private void add(ImageRecord r) {
        String reason = r.reason() == null ? "" : r.reason();
        // the loader names the file in its messages; the table has a column for that
        String prefix = Path.of(input.get().trim()).resolve(r.path()) + ": ";
        if (reason.startsWith(prefix)) {
            reason = reason.substring(prefix.length());
        }
        String dice = r.hasMetrics() ? String.format(Locale.ROOT, "%.4f", r.dice()) : "";
        String ms = r.ms() == null ? "" : String.format(Locale.ROOT, "%.0f", r.ms());
        rows.add(new Row(r.position(), r.path(), r.status().id(), dice, ms, reason));
        processed.set(processed.get() + 1);
        if (r.status() == ImageStatus.FAILED) {
            failed.set(failed.get() + 1);
        }
        updateProgress();
    }

    private void updateProgress() {
        long n = total.get();
        long done = processed.get();
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? done / secs : 0;
        if (n <= 0) {
            progress.set(n == 0 ? 1 : ProgressIndicatorIndeterminate.VALUE);
            progressText.set(n == 0 ? "No images found" : done + " done");
            return;
        }
        progress.set(Math.min(1, (double) done / n));
        String eta = rate > 0 ? Formats.duration((n - done) / rate) : Formats.NONE;
        progressText.set(String.format(Locale.ROOT, "%d / %d · %.1f images/s · %s left%s", done, n, rate, eta,
                failed.get() > 0 ? " · " + failed.get() + " failed" : ""));
    }

    private void finished(BatchSummary s) {
        running.set(false);
        cancelling.set(false);
        summary.set(s);
        progress.set(s.cancelled() ? (s.listed() == 0 ? 0 : (double) (s.ok() + s.failed() + s.skipped()) / s.listed()) : 1);
        progressText.set(String.format(Locale.ROOT, "%d / %d in %s", s.ok() + s.failed() + s.skipped(), s.listed(),
                Formats.duration(s.wallSeconds())));
        report.set(s.reportCsv() == null ? null : Path.of(s.reportCsv()));
        summaryText.set(summaryLine(s));
    }

    static String summaryLine(BatchSummary s) {
        StringBuilder sb = new StringBuilder(s.cancelled() ? "Cancelled. " : "Done. ");
        sb.append(s.ok()).append(" ok, ").append(s.failed()).append(" failed");
        if (s.skipped() > 0) {
            sb.append(", ").append(s.skipped()).append(" skipped (resume)");
        }
        if (s.notReached() > 0) {
            sb.append(", ").append(s.notReached()).append(" not reached");
        }
        PoolSummary m = s.metrics();
        if (m != null) {
            sb.append(String.format(Locale.ROOT, ". Ground truth for %d images: mean Dice %.4f, pooled Dice %.4f (256x256, paper protocol)",
                    m.images(), m.nativeDice().value(), m.paper().dice()));
        } else {
            sb.append(". No ground truth found, so no Dice");
        }
        sb.append('.');
        return sb.toString();
    }

    /** Marker for an indeterminate progress bar. */
    static final class ProgressIndicatorIndeterminate {
        static final double VALUE = -1;

        private ProgressIndicatorIndeterminate() {
        }
    }
}
