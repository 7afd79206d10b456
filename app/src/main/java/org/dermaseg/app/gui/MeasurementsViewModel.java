package org.dermaseg.app.gui;

import java.nio.file.Path;
import java.time.ZonedDateTime;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.concurrent.NamedThreads;
import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.measure.ColourRegions;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.LesionMeasurer;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.render.ImagePyramid;
import org.dermaseg.inference.report.LesionReportPdf;
import org.dermaseg.inference.report.ReportInfo;

/**
 * The lesion measurements of the image on screen ({@link LesionMeasurer}), made again off the FX thread whenever
 * the mask changes (threshold, clean-up, an edit, another image) or the pixel size does: it follows the review's
 * metrics ({@link ReviewViewModel#metricsProperty()}), which are recomputed on exactly those changes. Newest
 * request wins. Also writes the one-page PDF report of the current image (File &gt; Report…). One of the
 * window's view-models over the shared {@link WindowState} ({@link MainViewModel#measurements()}).
 */
public final class MeasurementsViewModel implements AutoCloseable {
    private final WindowState state;
    private final LatestOnlyExecutor worker = new LatestOnlyExecutor("dermaseg-measurements");
    private final ObjectProperty<LesionMeasurements> measurements = new SimpleObjectProperty<>(this, "measurements");
    private final BooleanProperty showColourRegions = new SimpleBooleanProperty(this, "showColourRegions", false);
    private final ObjectProperty<ColourRegions> visibleRegions = new SimpleObjectProperty<>(this, "visibleRegions");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");

    MeasurementsViewModel(WindowState state, ReviewViewModel review) {
        this.state = state;
        review.metricsProperty().addListener((o, a, b) -> request());
        state.sessionProperty().addListener((o, a, b) -> request());
        measurements.addListener((o, a, b) -> updateVisibleRegions());
        showColourRegions.addListener((o, a, b) -> updateVisibleRegions());
        request();
    }

    public ReadOnlyObjectProperty<LesionMeasurements> measurementsProperty() {
        return measurements;
    }

    /** The colour regions drawn over the image, on demand. */
    public BooleanProperty showColourRegionsProperty() {
        return showColourRegions;
    }

    /** The regions to draw: the current ones while {@link #showColourRegionsProperty()} is on, else null. */
    public ReadOnlyObjectProperty<ColourRegions> visibleRegionsProperty() {
        return visibleRegions;
    }

    /** "measuring…", "no lesion", or empty. */
    public StringProperty statusProperty() {
        return status;
    }

    private void updateVisibleRegions() {
        LesionMeasurements m = measurements.get();
        visibleRegions.set(showColourRegions.get() && m != null ? m.colours().regions() : null);
    }

    /** Measures the current mask in the background. */
    public void request() {
        ImageSession s = state.session();
        if (s == null || s.editor() == null) {
            measurements.set(null);
            status.set("");
            return;
        }
        BinaryMask mask = s.editor().mask();
        Double px = state.settings().pixelSizeMmProperty().get();
        status.set("measuring…");
        worker.submit("measure", () -> LesionMeasurer.measure(imageOf(s), mask, px), m -> {
            if (state.session() == s) {
                measurements.set(m);
                status.set(m == null ? "no lesion outlined" : "");
            }
        }, err -> {
            status.set("");
            state.report(Problem.of("measure the lesion", err));
        });
    }

    /**
     * Writes the report of the current image to {@code target} (the caller asked before replacing a file) on a
     * background thread; problems are reported through the window state.
     */
    public Task<Path> writeReport(Path target) {
        ImageSession s = state.session();
        if (s == null || s.editor() == null) {
            throw new IllegalStateException("no segmented image");
        }
        BinaryMask mask = s.editor().mask();
        Double px = state.settings().pixelSizeMmProperty().get();
        String engine = s.result() == null ? null : s.result().engine().label();
        String outline = s.editor().isEdited() ? "edited by hand"
                : s.cleanedUp() ? "model output, cleaned up (largest region, holes filled)" : "model output";
        double threshold = s.threshold();
        Segmenter seg = state.segmenters() == null ? null : state.segmenters().currentOrNull();
        ModelCard card = seg == null ? null : seg.card();
        Task<Path> task = new Task<>() {
            @Override
            protected Path call() throws Exception {
                LoadedImage image = imageOf(s);
                LesionMeasurements m = LesionMeasurer.measure(image, mask, px);
                ReportInfo info = new ReportInfo(s.fileName(), card == null ? "model" : card.name(),
                        card == null ? "" : card.version(), engine, threshold, outline, ZonedDateTime.now());
                AtomicFiles.write(target, LesionReportPdf.render(image, mask, m, info), true);
                return target;
            }
        };
        task.setOnSucceeded(e -> state.statusProperty().set("Report written: " + target));
        task.setOnFailed(e -> state.report(Problem.of("write the report " + target.getFileName(), task.getException())));
        NamedThreads.start("dermaseg-report", task);
        return task;
    }

    /** The session's full-resolution pixels as a {@link LoadedImage} (the viewer keeps them as ARGB). */
    static LoadedImage imageOf(ImageSession s) {
        ImagePyramid.Level full = s.pyramid().level(0);
        int[] argb = full.argb();
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
            rgb[j] = (byte) (argb[i] >> 16);
            rgb[j + 1] = (byte) (argb[i] >> 8);
            rgb[j + 2] = (byte) argb[i];
        }
        return LoadedImage.ofRgb(s.path().toString(), full.width(), full.height(), rgb);
    }

    @Override
    public void close() {
        worker.close();
    }
}
