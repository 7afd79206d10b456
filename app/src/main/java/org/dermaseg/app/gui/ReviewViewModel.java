package org.dermaseg.app.gui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.FlipTtaEngine;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.render.OverlayStyle;
import org.dermaseg.inference.render.ViewMode;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.RunSettings;

/**
 * Reviewing the image shown: the threshold and clean-up (masks re-derived from the kept probabilities,
 * no new inference), how the overlay looks, and the metrics of the mask shown. The settings behind these
 * properties save themselves. Live work runs on the window's {@link LatestOnlyExecutor}: newest wins.
 */
public final class ReviewViewModel {
    private final WindowState state;
    private final Settings settings;
    private final ObjectBinding<OverlayStyle> style;
    private final ObjectProperty<ImageRecord> metrics = new SimpleObjectProperty<>(this, "metrics");

    ReviewViewModel(WindowState state) {
        this.state = state;
        this.settings = state.settings();
        style = Bindings.createObjectBinding(() -> new OverlayStyle(viewModeProperty().get(),
                        fillOpacityProperty().get(), contourProperty().get(), contourWidthProperty().get(),
                        colorProperty().get()), viewModeProperty(), fillOpacityProperty(), contourProperty(),
                contourWidthProperty(), colorProperty());
        settings.thresholdProperty().addListener((o, a, b) -> remask());
        settings.cleanUpProperty().addListener((o, a, b) -> remask());
        settings.pixelSizeMmProperty().addListener((o, a, b) -> requestMetrics());
    }

    public DoubleProperty thresholdProperty() {
        return settings.thresholdProperty();
    }

    /** Keep the largest region and fill holes (re-derived from the kept probabilities, no inference). */
    public BooleanProperty cleanUpProperty() {
        return settings.cleanUpProperty();
    }

    /** The clean-up the viewer applies now; the batch dialog follows it. */
    public PostprocessOptions postprocessOptions() {
        return cleanUpProperty().get() ? PostprocessOptions.CLEAN : PostprocessOptions.NONE;
    }

    public ObjectProperty<ViewMode> viewModeProperty() {
        return settings.viewModeProperty();
    }

    public DoubleProperty fillOpacityProperty() {
        return settings.fillOpacityProperty();
    }

    public BooleanProperty contourProperty() {
        return settings.contourProperty();
    }

    public DoubleProperty contourWidthProperty() {
        return settings.contourWidthProperty();
    }

    public IntegerProperty colorProperty() {
        return settings.colorProperty();
    }

    public ObjectBinding<OverlayStyle> styleBinding() {
        return style;
    }

    public ObjectProperty<ImageRecord> metricsProperty() {
        return metrics;
    }

    /** Millimetres per pixel, for areas in mm²; null when unknown. */
    public ObjectProperty<Double> pixelSizeMmProperty() {
        return settings.pixelSizeMmProperty();
    }

    /** The , and . keys: the threshold down or up by {@link GuiLimits#THRESHOLD_STEP}. */
    public void nudgeThreshold(int steps) {
        settings.chooseThreshold(GuiLimits.nudgeThreshold(thresholdProperty().get(), steps));
    }

    public void toggleCleanUp() {
        cleanUpProperty().set(!cleanUpProperty().get());
    }

    public void toggleContour() {
        contourProperty().set(!contourProperty().get());
    }

    /** A model ran for the first time with no threshold chosen yet: the slider starts at the card's. */
    void firstModelRun(double cardThreshold) {
        if (settings.thresholdFromCard()) {
            settings.chooseThreshold(cardThreshold);
        }
    }

    /** Re-derives the mask when the threshold or clean-up changed since {@code threshold}/{@code post}. */
    void remaskIfChangedSince(double threshold, PostprocessOptions post) {
        if (thresholdProperty().get() != threshold || !post.equals(postprocessOptions())) {
            remask();
        }
    }

    /** The mask for the current threshold and clean-up, from the kept probabilities (newest request wins). */
    private void remask() {
        ImageSession s = state.session();
        if (s == null || s.result() == null || s.editor() == null) {
            return;
        }
        double t = thresholdProperty().get();
        PostprocessOptions post = postprocessOptions();
        SegmentationResult from = s.result();
        state.updates().submit("mask", () -> {
            SegmentationResult r = from.withPostprocess(post);
            return new Remasked(r, r.mask(t));
        }, m -> {
            if (state.session() == s && thresholdProperty().get() == t && postprocessOptions().equals(post)) {
                s.result(m.result());
                s.editor().setBase(m.mask());
                s.threshold = t;
                state.maskChanged();
                requestMetrics();
            }
        }, err -> state.report(Problem.of("update the mask", err)));
    }

    private record Remasked(SegmentationResult result, BinaryMask mask) {
    }

    /** The model in use (named in the metrics), or null when none is open. */
    ModelCard currentCard() {
        Segmenter seg = state.segmenters() == null ? null : state.segmenters().currentOrNull();
        return seg == null ? null : seg.card();
    }

    /** Recomputes the metrics of the current mask in the background (newest request wins). */
    public void requestMetrics() {
        ImageSession s = state.session();
        if (s == null || s.editor() == null) {
            metrics.set(null);
            return;
        }
        MetricsInput in = MetricsInput.of(s, pixelSizeMmProperty().get(), currentCard());
        state.updates().submit("metrics", in::compute, rec -> {
            if (state.session() == s) {
                metrics.set(rec);
            }
        }, err -> state.report(Problem.of("compute the metrics", err)));
    }

    /**
     * A snapshot, taken on the FX thread, of what the metrics of a session are computed from: the same
     * {@link ImageRecord} the batch writes for an image, so the window's metrics export matches its report.
     */
    record MetricsInput(String fileName, BinaryMask mask, String gtPath, BinaryMask gt, float[] probability256,
                        RunSettings run, boolean edited, Double ms, Double inferMs) {
        static MetricsInput of(ImageSession s, Double pixelSizeMm, ModelCard card) {
            SegmentationResult r = s.result();
            EngineInfo engine = r == null ? null : r.engine();
            RunSettings run = new RunSettings(card == null ? null : card.id(), card == null ? null : card.version(),
                    engine == null ? null : engine.name(), engine == null ? null : engine.device(),
                    engine != null && FlipTtaEngine.isOn(engine), s.cleanedUp(), s.threshold(), pixelSizeMm);
            boolean edited = s.editor().isEdited();
            return new MetricsInput(s.fileName(), s.editor().mask(),
                    s.groundTruthPath() == null ? null : s.groundTruthPath().toString(), s.groundTruth(),
                    // an edited mask no longer comes from the probabilities: the paper protocol then resizes the mask
                    r == null || edited ? null : r.probability().values(), run, edited,
                    r == null ? null : r.timings().totalMs(), r == null ? null : r.timings().inferMs());
        }

        ImageRecord compute() {
            return ImageRecord.ofMask(fileName, mask, gtPath, gt, probability256, run, edited, ms, inferMs, null);
        }
    }
}
