package org.dermaseg.app.gui;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.render.OverlayStyle;
import org.dermaseg.inference.render.ViewMode;

/**
 * The workstation's settings as typed JavaFX properties that save themselves: any change is written to
 * {@link PreferencesStore} shortly after (changes within half a second are written once, so dragging a
 * slider does not write the file at every step), and {@link #save()} writes at once (closing the window
 * does). Values read from the file are checked against {@link GuiLimits}; the file format stays the plain
 * {@link Preferences} JSON. FX thread only.
 */
public final class Settings {
    private final PreferencesStore store;
    private final Consumer<Problem> problems;
    private PauseTransition pendingSave;
    private boolean loading = true;

    /** Id of the model chosen in the Model menu; null: the default model. */
    private final ObjectProperty<String> modelId = new SimpleObjectProperty<>(this, "modelId");
    private final ObjectProperty<EngineChoice> engine = new SimpleObjectProperty<>(this, "engine");
    private final ObjectProperty<DeviceChoice> device = new SimpleObjectProperty<>(this, "device");
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold");
    /** No threshold was ever chosen: the model card's is used once a model runs. */
    private boolean thresholdFromCard;
    private final BooleanProperty cleanUp = new SimpleBooleanProperty(this, "cleanUp");
    private final BooleanProperty tta = new SimpleBooleanProperty(this, "tta");
    private final ObjectProperty<ViewMode> viewMode = new SimpleObjectProperty<>(this, "viewMode");
    private final DoubleProperty fillOpacity = new SimpleDoubleProperty(this, "fillOpacity");
    private final BooleanProperty contour = new SimpleBooleanProperty(this, "contour");
    private final DoubleProperty contourWidth = new SimpleDoubleProperty(this, "contourWidth");
    private final IntegerProperty color = new SimpleIntegerProperty(this, "color");
    private final DoubleProperty brushSize = new SimpleDoubleProperty(this, "brushSize");
    private final ObjectProperty<Double> pixelSizeMm = new SimpleObjectProperty<>(this, "pixelSizeMm");
    private final ObjectProperty<Path> lastOpenFolder = new SimpleObjectProperty<>(this, "lastOpenFolder");
    private final ObjectProperty<Path> groundTruthFolder = new SimpleObjectProperty<>(this, "groundTruthFolder");
    private final ObjectProperty<Path> lastExportFolder = new SimpleObjectProperty<>(this, "lastExportFolder");
    private final ObjectProperty<Path> lastBatchInput = new SimpleObjectProperty<>(this, "lastBatchInput");
    private final ObjectProperty<Path> lastBatchOutput = new SimpleObjectProperty<>(this, "lastBatchOutput");
    private final ObjectProperty<Path> lastBatchGroundTruth = new SimpleObjectProperty<>(this, "lastBatchGroundTruth");
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final ObjectProperty<WindowPlacement.Bounds> window = new SimpleObjectProperty<>(this, "window");

    /**
     * @param store    where the settings live, or null (nothing is saved)
     * @param problems told when the file cannot be written (the work goes on)
     */
    public Settings(PreferencesStore store, Consumer<Problem> problems) {
        this.store = store;
        this.problems = problems;
        Preferences p = store == null ? new Preferences() : store.load();
        modelId.set(p.modelId == null || p.modelId.isBlank() ? null : p.modelId);
        engine.set(parse(p.engine, EngineChoice.AUTO, EngineChoice::parse));
        device.set(parse(p.device, DeviceChoice.AUTO, DeviceChoice::parse));
        thresholdFromCard = p.threshold == null;
        threshold.set(p.threshold != null ? GuiLimits.clamp(p.threshold, GuiLimits.THRESHOLD_MIN,
                GuiLimits.THRESHOLD_MAX) : 0.5);
        cleanUp.set(p.cleanUp);
        tta.set(p.tta);
        viewMode.set(parse(p.viewMode, ViewMode.MASK, s -> ViewMode.valueOf(s.toUpperCase(Locale.ROOT))));
        fillOpacity.set(GuiLimits.clamp(p.fillOpacity, GuiLimits.OPACITY_MIN, GuiLimits.OPACITY_MAX));
        contour.set(p.contour);
        contourWidth.set(GuiLimits.clamp(p.contourWidth, GuiLimits.CONTOUR_WIDTH_MIN, GuiLimits.CONTOUR_WIDTH_MAX));
        color.set(parseColor(p.color, OverlayStyle.DEFAULT.color()));
        brushSize.set(GuiLimits.clamp(p.brushSize, GuiLimits.BRUSH_MIN, GuiLimits.BRUSH_MAX));
        pixelSizeMm.set(p.pixelSizeMm != null && p.pixelSizeMm > 0 ? p.pixelSizeMm : null);
        lastOpenFolder.set(path(p.lastOpenFolder));
        groundTruthFolder.set(path(p.groundTruthFolder));
        lastExportFolder.set(path(p.lastExportFolder));
        lastBatchInput.set(path(p.lastBatchInput));
        lastBatchOutput.set(path(p.lastBatchOutput));
        lastBatchGroundTruth.set(path(p.lastBatchGroundTruth));
        if (p.recentFiles != null) {
            p.recentFiles.stream().map(Settings::path).filter(x -> x != null).distinct().limit(Preferences.MAX_RECENT)
                    .forEach(recentFiles::add);
        }
        window.set(new WindowPlacement.Bounds(p.windowX, p.windowY, p.windowWidth, p.windowHeight, p.windowMaximized));
        // an invalidation listener, registered first: it runs before the save below reads the flag
        threshold.addListener(o -> thresholdFromCard = false);
        for (Observable o : List.of(modelId, engine, device, threshold, cleanUp, tta, viewMode, fillOpacity, contour,
                contourWidth, color, brushSize, pixelSizeMm, lastOpenFolder, groundTruthFolder, lastExportFolder, lastBatchInput,
                lastBatchOutput, lastBatchGroundTruth, recentFiles, window)) {
            o.addListener(x -> changed());
        }
        loading = false;
    }

    /** The model chosen in the Model menu (its card's id), or null for the default model. */
    public ObjectProperty<String> modelIdProperty() {
        return modelId;
    }

    public ObjectProperty<EngineChoice> engineProperty() {
        return engine;
    }

    public ObjectProperty<DeviceChoice> deviceProperty() {
        return device;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    /** True until a threshold is chosen (or taken from the model card once). */
    public boolean thresholdFromCard() {
        return thresholdFromCard;
    }

    /** Sets the threshold and marks it chosen (saved from now on, not the card's default any more). */
    public void chooseThreshold(double t) {
        boolean wasFromCard = thresholdFromCard;
        thresholdFromCard = false;
        double v = GuiLimits.clamp(t, GuiLimits.THRESHOLD_MIN, GuiLimits.THRESHOLD_MAX);
        if (threshold.get() != v) {
            threshold.set(v);
        } else if (wasFromCard) {
            changed(); // same value, but now a choice to save
        }
    }

    public BooleanProperty cleanUpProperty() {
        return cleanUp;
    }

    /** Flip test-time augmentation: the model runs on the image and its three flips, and their mean is used. */
    public BooleanProperty ttaProperty() {
        return tta;
    }

    public ObjectProperty<ViewMode> viewModeProperty() {
        return viewMode;
    }

    public DoubleProperty fillOpacityProperty() {
        return fillOpacity;
    }

    public BooleanProperty contourProperty() {
        return contour;
    }

    public DoubleProperty contourWidthProperty() {
        return contourWidth;
    }

    /** Overlay colour as 0xRRGGBB. */
    public IntegerProperty colorProperty() {
        return color;
    }

    /** Brush diameter in image pixels. */
    public DoubleProperty brushSizeProperty() {
        return brushSize;
    }

    /** Millimetres per image pixel; null when unknown (areas then in pixels only). */
    public ObjectProperty<Double> pixelSizeMmProperty() {
        return pixelSizeMm;
    }

    public ObjectProperty<Path> lastOpenFolderProperty() {
        return lastOpenFolder;
    }

    /** Folder searched for ground truth by name (besides the image's own and sibling mask folders). */
    public ObjectProperty<Path> groundTruthFolderProperty() {
        return groundTruthFolder;
    }

    public ObjectProperty<Path> lastExportFolderProperty() {
        return lastExportFolder;
    }

    public ObjectProperty<Path> lastBatchInputProperty() {
        return lastBatchInput;
    }

    public ObjectProperty<Path> lastBatchOutputProperty() {
        return lastBatchOutput;
    }

    public ObjectProperty<Path> lastBatchGroundTruthProperty() {
        return lastBatchGroundTruth;
    }

    /** Newest first, at most {@link Preferences#MAX_RECENT}. */
    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }

    public ObjectProperty<WindowPlacement.Bounds> windowProperty() {
        return window;
    }

    /** Puts {@code file} first in the recent list (no duplicates, at most {@link Preferences#MAX_RECENT}). */
    public void addRecent(Path file) {
        List<Path> list = new ArrayList<>(recentFiles);
        list.remove(file);
        list.add(0, file);
        recentFiles.setAll(list.subList(0, Math.min(list.size(), Preferences.MAX_RECENT)));
    }

    /** The settings as the JSON object stored in the file. */
    public Preferences toPreferences() {
        Preferences p = new Preferences();
        p.modelId = modelId.get();
        p.engine = engine.get().toString();
        p.device = device.get().toString();
        p.threshold = thresholdFromCard ? null : threshold.get();
        p.cleanUp = cleanUp.get();
        p.tta = tta.get();
        p.viewMode = viewMode.get().name();
        p.fillOpacity = fillOpacity.get();
        p.contour = contour.get();
        p.contourWidth = contourWidth.get();
        p.color = String.format(Locale.ROOT, "#%06X", color.get());
        p.brushSize = brushSize.get();
        p.pixelSizeMm = pixelSizeMm.get();
        p.lastOpenFolder = text(lastOpenFolder.get());
        p.groundTruthFolder = text(groundTruthFolder.get());
        p.lastExportFolder = text(lastExportFolder.get());
        p.lastBatchInput = text(lastBatchInput.get());
        p.lastBatchOutput = text(lastBatchOutput.get());
        p.lastBatchGroundTruth = text(lastBatchGroundTruth.get());
        p.recentFiles = new ArrayList<>(recentFiles.stream().map(Path::toString).toList());
        WindowPlacement.Bounds w = window.get();
        p.windowX = w.x();
        p.windowY = w.y();
        p.windowWidth = w.width();
        p.windowHeight = w.height();
        p.windowMaximized = w.maximized();
        return p;
    }

    /** Writes the settings now (a save scheduled by a change is then not needed). */
    public void save() {
        if (pendingSave != null) {
            pendingSave.stop();
        }
        if (store == null) {
            return;
        }
        try {
            store.save(toPreferences());
        } catch (IOException e) {
            problems.accept(Problem.warning("Settings could not be saved", store.file() + ": " + Problem.message(e),
                    "Check that " + store.file().getParent() + " is writable; DermaSeg keeps working meanwhile."));
        }
    }

    private void changed() {
        if (loading || store == null) {
            return;
        }
        if (!onFxThread()) {
            save();
            return;
        }
        if (pendingSave == null) {
            pendingSave = new PauseTransition(Duration.millis(500));
            pendingSave.setOnFinished(e -> save());
        }
        pendingSave.playFromStart();
    }

    /** Without asking JavaFX off its thread (its toolkit may not be running: unit tests, the CLI). */
    private static boolean onFxThread() {
        return "JavaFX Application Thread".equals(Thread.currentThread().getName()) && Platform.isFxApplicationThread();
    }

    private static Path path(String s) {
        try {
            return s == null || s.isBlank() ? null : Path.of(s);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String text(Path p) {
        return p == null ? null : p.toString();
    }

    static int parseColor(String s, int fallback) {
        if (s == null) {
            return fallback;
        }
        String hex = s.startsWith("#") ? s.substring(1) : s;
        try {
            return hex.length() == 6 ? Integer.parseInt(hex, 16) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static <T> T parse(String s, T fallback, Function<String, T> parser) {
        try {
            return s == null ? fallback : parser.apply(s);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
