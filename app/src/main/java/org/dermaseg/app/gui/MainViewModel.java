package org.dermaseg.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.batch.AtomicFiles;
import org.dermaseg.inference.batch.GroundTruthFinder;
import org.dermaseg.inference.batch.ImageFiles;
import org.dermaseg.inference.edit.MaskEditor;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.export.ExportFiles;
import org.dermaseg.inference.export.GeoJson;
import org.dermaseg.inference.export.MetricsFiles;
import org.dermaseg.inference.export.MetricsRecord;
import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.render.ImagePyramid;
import org.dermaseg.inference.render.OverlayRenderer;
import org.dermaseg.inference.render.OverlayStyle;
import org.dermaseg.inference.render.ViewMode;

/**
 * State and actions of the main window. Everything slow (decoding, inference, pyramids, masks at a new
 * threshold, metrics, exports) runs off the FX thread: opening and exporting on one worker thread
 * ({@link Task}s), live updates on a {@link LatestOnlyExecutor}. Results come back to the FX thread, where
 * all properties change. An open superseded by a newer one (the user pressed Next twice) is dropped.
 */
public final class MainViewModel implements AutoCloseable {
    public enum Tool { VIEW, BRUSH, ERASER }

    /** What "export all" writes. */
    public enum ExportKind { MASK, OVERLAY, GEOJSON, METRICS_CSV, METRICS_JSON }

    /** Folders next to an image folder where ground truth is commonly kept (PH2, ISIC layouts). */
    static final List<String> SIBLING_GT_FOLDERS = List.of("masks", "ground_truth", "groundtruth", "gt", "labels",
            "annotations");

    private final PreferencesStore store;
    private final Preferences prefs;
    private final SegmenterService segmenters;
    private final ExecutorService worker;
    private final LatestOnlyExecutor updates = new LatestOnlyExecutor("dermaseg-live-update");
    private final List<Consumer<Problem>> problemListeners = new ArrayList<>();
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final Set<Segmenter> fallbackReported = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Editors of images edited and left, so coming back restores the corrections (and their undo history). */
    private final Map<Path, ImageSession> editedSessions = new HashMap<>();

    private volatile long generation;
    private int pendingWork;
    private long lastStrokeMetrics;
    private double lastX;
    private double lastY;

    private final ObjectProperty<ImageSession> session = new SimpleObjectProperty<>(this, "session");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty status = new SimpleStringProperty(this, "status",
            "Open an image: File > Open, drop it here, or try File > Open Sample Images");
    private final StringProperty engineText = new SimpleStringProperty(this, "engine", "Engine: not started");
    private final StringProperty timingText = new SimpleStringProperty(this, "timing", "");
    private final StringProperty sizeText = new SimpleStringProperty(this, "size", "");
    private final ObservableList<Path> images = FXCollections.observableArrayList();
    private final IntegerProperty index = new SimpleIntegerProperty(this, "index", -1);

    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold");
    private final BooleanProperty cleanUp = new SimpleBooleanProperty(this, "cleanUp");
    private final ObjectProperty<ViewMode> viewMode = new SimpleObjectProperty<>(this, "viewMode", ViewMode.MASK);
    private final DoubleProperty fillOpacity = new SimpleDoubleProperty(this, "fillOpacity");
    private final BooleanProperty contour = new SimpleBooleanProperty(this, "contour");
    private final DoubleProperty contourWidth = new SimpleDoubleProperty(this, "contourWidth");
    private final IntegerProperty color = new SimpleIntegerProperty(this, "color");
    private final ObjectBinding<OverlayStyle> style;

    private final ObjectProperty<Tool> tool = new SimpleObjectProperty<>(this, "tool", Tool.VIEW);
    private final DoubleProperty brushSize = new SimpleDoubleProperty(this, "brushSize");
    private final BooleanProperty canUndo = new SimpleBooleanProperty(this, "canUndo");
    private final BooleanProperty canRedo = new SimpleBooleanProperty(this, "canRedo");
    private final BooleanProperty edited = new SimpleBooleanProperty(this, "edited");
    /** Bumped whenever the displayed mask or ground truth changes (the viewer redraws). */
    private final LongProperty revision = new SimpleLongProperty(this, "revision");

    private final StringProperty groundTruthText = new SimpleStringProperty(this, "gt", "No ground truth");
    private final ObjectProperty<MetricsRecord> metrics = new SimpleObjectProperty<>(this, "metrics");
    private final ObjectProperty<Double> pixelSizeMm = new SimpleObjectProperty<>(this, "pixelSizeMm");

    public MainViewModel(PreferencesStore store, Preferences prefs, SegmenterService segmenters) {
        this.store = store;
        this.prefs = prefs;
        this.segmenters = segmenters;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dermaseg-gui-worker");
            t.setDaemon(true);
            return t;
        });
        threshold.set(prefs.threshold != null ? clamp(prefs.threshold, 0.01, 0.99) : 0.5);
        cleanUp.set(prefs.cleanUp);
        viewMode.set(parseMode(prefs.viewMode));
        fillOpacity.set(clamp(prefs.fillOpacity, 0, 1));
        contour.set(prefs.contour);
        contourWidth.set(clamp(prefs.contourWidth, 1, 10));
        color.set(parseColor(prefs.color, OverlayStyle.DEFAULT.color()));
        brushSize.set(clamp(prefs.brushSize, 1, 400));
        pixelSizeMm.set(prefs.pixelSizeMm != null && prefs.pixelSizeMm > 0 ? prefs.pixelSizeMm : null);
        style = Bindings.createObjectBinding(() -> new OverlayStyle(viewMode.get(), fillOpacity.get(), contour.get(),
                contourWidth.get(), color.get()), viewMode, fillOpacity, contour, contourWidth, color);

        threshold.addListener((o, a, b) -> {
            prefs.threshold = b.doubleValue();
            remask();
        });
        cleanUp.addListener((o, a, b) -> {
            prefs.cleanUp = b;
            remask();
        });
        pixelSizeMm.addListener((o, a, b) -> {
            prefs.pixelSizeMm = b;
            requestMetrics();
        });
        style.addListener((o, a, b) -> {
            prefs.viewMode = b.mode().name();
            prefs.fillOpacity = b.fillOpacity();
            prefs.contour = b.contour();
            prefs.contourWidth = b.contourWidth();
            prefs.color = String.format(Locale.ROOT, "#%06X", b.color());
        });
        brushSize.addListener((o, a, b) -> prefs.brushSize = b.doubleValue());
        if (store != null && store.loadProblem() != null) {
            Platform.runLater(() -> report(Problem.warning("Preferences were reset", store.loadProblem(),
                    "Nothing to do: your settings will be saved again as you work.")));
        }
    }

    // ------------------------------------------------------------------ properties

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

    public StringProperty engineTextProperty() {
        return engineText;
    }

    public StringProperty timingTextProperty() {
        return timingText;
    }

    public StringProperty sizeTextProperty() {
        return sizeText;
    }

    public ObservableList<Path> images() {
        return images;
    }

    public IntegerProperty indexProperty() {
        return index;
    }

    /** Keep the largest region and fill holes (re-derived from the kept probabilities, no inference). */
    public BooleanProperty cleanUpProperty() {
        return cleanUp;
    }

    /** The clean-up the viewer applies now; the batch dialog follows it. */
    public PostprocessOptions postprocessOptions() {
        return cleanUp.get() ? PostprocessOptions.CLEAN : PostprocessOptions.NONE;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
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

    public IntegerProperty colorProperty() {
        return color;
    }

    public ObjectBinding<OverlayStyle> styleBinding() {
        return style;
    }

    public ObjectProperty<Tool> toolProperty() {
        return tool;
    }

    public DoubleProperty brushSizeProperty() {
        return brushSize;
    }

    public BooleanProperty canUndoProperty() {
        return canUndo;
    }

    public BooleanProperty canRedoProperty() {
        return canRedo;
    }

    public BooleanProperty editedProperty() {
        return edited;
    }

    public LongProperty revisionProperty() {
        return revision;
    }

    public StringProperty groundTruthTextProperty() {
        return groundTruthText;
    }

    public ObjectProperty<MetricsRecord> metricsProperty() {
        return metrics;
    }

    public ObjectProperty<Double> pixelSizeMmProperty() {
        return pixelSizeMm;
    }

    public Preferences preferences() {
        return prefs;
    }

    public SegmenterService segmenters() {
        return segmenters;
    }

    /** Every problem reported this session (dialogs show them; tests read them). */
    public ObservableList<Problem> problems() {
        return problems;
    }

    public void onProblem(Consumer<Problem> listener) {
        problemListeners.add(listener);
    }

    /** True while an open, export or live update is queued or running. */
    public boolean isWorking() {
        return busy.get() || pendingWork > 0 || updates.isBusy();
    }

    public EngineChoice engineChoice() {
        return parse(prefs.engine, EngineChoice.AUTO, EngineChoice::parse);
    }

    public DeviceChoice deviceChoice() {
        return parse(prefs.device, DeviceChoice.AUTO, DeviceChoice::parse);
    }

    // ------------------------------------------------------------------ opening

    /** Opens an image (its folder becomes the image list) or a folder (its first image). */
    public void open(Path file) {
        if (Files.isDirectory(file)) {
            openFolder(file);
            return;
        }
        Path abs = file.toAbsolutePath().normalize();
        if (!images.contains(abs)) {
            List<Path> listing = listFolder(abs.getParent());
            if (!listing.contains(abs)) {
                listing = new ArrayList<>(listing);
                listing.add(abs);
            }
            images.setAll(listing);
        }
        index.set(images.indexOf(abs));
        startOpen(abs);
    }

    /** Lists a folder's images in the filmstrip and opens the first. */
    public void openFolder(Path dir) {
        List<Path> listing = listFolder(dir.toAbsolutePath().normalize());
        if (listing.isEmpty()) {
            report(Problem.error("No images in " + dir.getFileName(),
                    dir + " holds no JPEG, PNG, BMP or TIFF images (masks named *_segmentation, *_lesion, "
                            + "*_mask, *_gt and overlays are not listed)",
                    "Open a folder of dermoscopy images, or open one image with File > Open."));
            return;
        }
        prefs.lastOpenFolder = dir.toAbsolutePath().normalize().toString();
        images.setAll(listing);
        index.set(0);
        startOpen(listing.get(0));
    }

    /** Dropped or chosen files: one folder or file opens as usual; several files become the image list. */
    public void openAll(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        if (files.size() == 1) {
            open(files.get(0));
            return;
        }
        List<Path> list = files.stream().filter(p -> !Files.isDirectory(p) && ImageFiles.isImage(p))
                .map(p -> p.toAbsolutePath().normalize()).sorted(MainViewModel::byName).distinct().toList();
        if (list.isEmpty()) {
            Path dir = files.stream().filter(Files::isDirectory).findFirst().orElse(null);
            if (dir != null) {
                openFolder(dir);
            } else {
                report(Problem.error("Nothing to open", "none of the " + files.size() + " dropped files is an image",
                        "Drop JPEG, PNG, BMP or TIFF files, or a folder of them."));
            }
            return;
        }
        images.setAll(list);
        index.set(0);
        startOpen(list.get(0));
    }

    public void next() {
        step(1);
    }

    public void previous() {
        step(-1);
    }

    private void step(int d) {
        int i = index.get() + d;
        if (i >= 0 && i < images.size()) {
            index.set(i);
            startOpen(images.get(i));
        }
    }

    /** Opens the image at this position of the list. */
    public void openAt(int i) {
        if (i >= 0 && i < images.size() && i != index.get()) {
            index.set(i);
            startOpen(images.get(i));
        }
    }

    /** Reopens the current image (e.g. after the engine changed). */
    public void reload() {
        ImageSession s = session.get();
        if (s != null) {
            startOpen(s.path());
        }
    }

    static List<Path> listFolder(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> ImageFiles.isImage(p) && !Files.isDirectory(p) && !isDerivedName(p))
                    .map(p -> p.toAbsolutePath().normalize()).sorted(MainViewModel::byName).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Masks and overlays (ours or ground truth) are not images to review. */
    static boolean isDerivedName(Path p) {
        String stem = ImageFiles.stem(p.getFileName().toString());
        return ImageFiles.stemWithoutGtSuffix(stem) != null || stem.toLowerCase(Locale.ROOT).endsWith("_overlay");
    }

    private static int byName(Path a, Path b) {
        return a.getFileName().toString().compareToIgnoreCase(b.getFileName().toString());
    }

    /**
     * Opens the engine and runs it once on the worker thread, so the first image opened is segmented at
     * full speed. Silent: a model that cannot start is reported when an image is opened. An open asked
     * for meanwhile simply queues behind it (one inference, well under a second).
     */
    public void warmUp() {
        long gen = generation;
        EngineChoice e = engineChoice();
        DeviceChoice d = deviceChoice();
        worker.submit(() -> {
            if (gen != generation) {
                return; // an image was opened first: it warms the engine itself
            }
            try {
                Segmenter seg = segmenters.get(e, d);
                seg.warmUp();
                EngineInfo info = seg.engineInfo();
                Platform.runLater(() -> {
                    if (session.get() == null) {
                        engineText.set(engineLabel(info));
                    }
                });
            } catch (ModelException | EngineException | RuntimeException | LinkageError ignored) {
                // reported, with what to do, when an image is opened
            }
        });
    }

    /** What the worker hands back to the FX thread. */
    private record Opened(Path path, ImagePyramid pyramid, SegmentationResult result, BinaryMask base, double threshold,
                          Path gtPath, BinaryMask gt, String gtProblem, Problem modelProblem, Segmenter segmenter,
                          double totalMs) {
    }

    private void startOpen(Path path) {
        long gen = ++generation;
        leaveSession();
        busy.set(true);
        status.set("Segmenting " + path.getFileName() + " …");
        double t = threshold.get();
        PostprocessOptions post = postprocessOptions();
        EngineChoice e = engineChoice();
        DeviceChoice d = deviceChoice();
        Path gtFolder = prefs.groundTruthFolder == null ? null : Path.of(prefs.groundTruthFolder);
        Task<Opened> task = new Task<>() {
            @Override
            protected Opened call() throws Exception {
                if (gen != generation) {
                    return null; // superseded before it started
                }
                return load(path, e, d, t, post, gtFolder);
            }
        };
        task.setOnSucceeded(ev -> {
            if (gen == generation && task.getValue() != null) {
                show(task.getValue());
            }
        });
        task.setOnFailed(ev -> {
            if (gen == generation) {
                busy.set(false);
                session.set(null);
                clearSessionState();
                status.set("Could not open " + path.getFileName());
                report(Problem.of("open " + path.getFileName(), task.getException()));
            }
        });
        worker.submit(task);
    }

    private Opened load(Path path, EngineChoice e, DeviceChoice d, double t, PostprocessOptions post, Path gtFolder)
            throws Exception {
        long t0 = System.nanoTime();
        Segmenter seg = null;
        Problem modelProblem = null;
        try {
            seg = segmenters.get(e, d);
        } catch (ModelException | EngineException ex) {
            modelProblem = Problem.of("start the model", ex);
        }
        ImageLoader loader = seg != null ? seg.loader() : new ImageLoader(ImageLimits.DEFAULT, false);
        LoadedImage forModel = seg != null ? seg.load(path) : loader.load(path);
        LoadedImage full = forModel.isReduced() ? loader.load(path) : forModel;
        SegmentationResult result = null;
        BinaryMask base = null;
        if (seg != null) {
            result = seg.segment(forModel).withPostprocess(post);
            base = result.mask(t);
        }
        ImagePyramid pyramid = ImagePyramid.of(full);
        Path gtPath = findGroundTruth(path, gtFolder).orElse(null);
        BinaryMask gt = null;
        String gtProblem = null;
        if (gtPath != null) {
            try {
                gt = new GroundTruthLoader().loadFor(gtPath, full.width(), full.height());
            } catch (ImageLoadException | RuntimeException ex) {
                gtProblem = Problem.message(ex);
            }
        }
        return new Opened(path, pyramid, result, base, t, gtPath, gt, gtProblem, modelProblem, seg,
                (System.nanoTime() - t0) / 1e6);
    }

    /** Ground truth by name: the chosen folder, beside the image, then sibling mask folders. */
    static Optional<Path> findGroundTruth(Path image, Path gtFolder) {
        Path rel = image.getFileName();
        Optional<Path> hit = new GroundTruthFinder(gtFolder, true).find(image, rel);
        if (hit.isPresent()) {
            return hit;
        }
        Path parent = image.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>();
        for (String name : SIBLING_GT_FOLDERS) {
            if (parent != null) {
                candidates.add(parent.resolve(name));
                if (parent.getParent() != null) {
                    candidates.add(parent.getParent().resolve(name));
                }
            }
        }
        for (Path dir : candidates) {
            if (Files.isDirectory(dir)) {
                hit = new GroundTruthFinder(dir, false).find(image, rel);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        return Optional.empty();
    }

    private void show(Opened o) {
        ImageSession kept = editedSessions.remove(o.path());
        MaskEditor editor = null;
        if (o.base() != null) {
            if (kept != null && kept.editor() != null && kept.width() == o.pyramid().width()
                    && kept.height() == o.pyramid().height()) {
                editor = kept.editor();
                editor.setBase(o.base());
            } else {
                editor = new MaskEditor(o.base());
            }
        }
        ImageSession s = new ImageSession(o.path(), o.pyramid(), o.result(), editor, o.threshold());
        if (kept != null && editor == kept.editor()) {
            s.savedRevision = kept.savedRevision;
        }
        s.groundTruthPath = o.gt() != null ? o.gtPath() : null;
        s.groundTruth = o.gt();
        session.set(s);
        busy.set(false);

        sizeText.set(s.width() + " × " + s.height() + " px");
        if (o.result() != null) {
            engineText.set(engineLabel(o.result().engine()));
            timingText.set(String.format(Locale.ROOT, "Inference %.0f ms · total %.0f ms", o.result().timings().inferMs(),
                    o.totalMs()));
            status.set(o.path().getFileName() + ": lesion outlined");
        } else {
            engineText.set("Engine: unavailable");
            timingText.set("");
            status.set(o.path().getFileName() + ": shown without segmentation (no model)");
        }
        if (o.gtProblem() != null) {
            groundTruthText.set("Ground truth " + o.gtPath().getFileName() + " unusable: " + o.gtProblem());
        } else {
            updateGroundTruthText();
        }
        prefs.addRecent(o.path().toString());
        prefs.lastOpenFolder = o.path().getParent().toString();
        if (prefs.threshold == null && o.segmenter() != null && o.result() != null) {
            // first run with this model: the slider starts at the card's threshold
            prefs.threshold = o.segmenter().threshold();
            if (o.segmenter().threshold() != threshold.get()) {
                threshold.set(o.segmenter().threshold());
            }
        }
        if (o.modelProblem() != null) {
            report(o.modelProblem());
        }
        if (o.segmenter() != null && o.result() != null && o.result().engine().isFallback()
                && fallbackReported.add(o.segmenter())) {
            EngineInfo info = o.result().engine();
            report(new Problem(Problem.Severity.WARNING, "Running on " + engineLabel(info),
                    info.fallbackReason(), "Nothing to do: segmentation works, only slower than on the engine or "
                    + "device asked for. Install the GPU build of ONNX Runtime for CUDA, or choose CPU in "
                    + "Edit > Preferences to silence this."));
        }
        if (editor != null && (threshold.get() != o.threshold()
                || !o.result().postprocess().equals(postprocessOptions()))) {
            remask(); // the slider or the clean-up changed while the image loaded
        }
        changed();
        requestMetrics();
        savePreferences();
    }

    static String engineLabel(EngineInfo info) {
        String engine = switch (info.name()) {
            case "onnx" -> "ONNX Runtime";
            case "java" -> "Java engine";
            default -> info.name();
        };
        return engine + " · " + info.device().toUpperCase(Locale.ROOT)
                + (info.isFallback() ? " (fallback)" : "");
    }

    /** Keeps an edited image's corrections for when the user comes back to it. */
    private void leaveSession() {
        ImageSession s = session.get();
        if (s != null && s.editor() != null && (s.editor().isEdited() || s.editor().canUndo())) {
            editedSessions.put(s.path(), s);
        }
    }

    private void clearSessionState() {
        metrics.set(null);
        groundTruthText.set("No ground truth");
        sizeText.set("");
        timingText.set("");
        changed();
    }

    /** Images edited in this session whose edits were not exported. */
    public List<Path> unsavedEdits() {
        List<Path> out = new ArrayList<>();
        ImageSession cur = session.get();
        if (cur != null && cur.hasUnsavedEdits()) {
            out.add(cur.path());
        }
        for (ImageSession s : editedSessions.values()) {
            if (s.hasUnsavedEdits() && !out.contains(s.path())) {
                out.add(s.path());
            }
        }
        return out;
    }

    /** Whether an image of the list carries unsaved edits (filmstrip marker). */
    public boolean hasUnsavedEdits(Path p) {
        ImageSession cur = session.get();
        if (cur != null && cur.path().equals(p)) {
            return cur.hasUnsavedEdits();
        }
        ImageSession s = editedSessions.get(p);
        return s != null && s.hasUnsavedEdits();
    }

    // ------------------------------------------------------------------ threshold, metrics

    /** The mask for the current threshold and clean-up, from the kept probabilities (newest request wins). */
    private void remask() {
        ImageSession s = session.get();
        if (s == null || s.result() == null || s.editor() == null) {
            return;
        }
        double t = threshold.get();
        PostprocessOptions post = postprocessOptions();
        SegmentationResult from = s.result();
        updates.submit("mask", () -> {
            SegmentationResult r = from.withPostprocess(post);
            return new Remasked(r, r.mask(t));
        }, m -> {
            if (session.get() == s && threshold.get() == t && postprocessOptions().equals(post)) {
                s.result(m.result());
                s.editor().setBase(m.mask());
                s.threshold = t;
                changed();
                requestMetrics();
            }
        }, err -> report(Problem.of("update the mask", err)));
    }

    private record Remasked(SegmentationResult result, BinaryMask mask) {
    }

    /** Recomputes the metrics of the current mask in the background (newest request wins). */
    public void requestMetrics() {
        ImageSession s = session.get();
        if (s == null || s.editor() == null) {
            metrics.set(null);
            return;
        }
        BinaryMask mask = s.editor().mask();
        BinaryMask gt = s.groundTruth();
        String gtName = s.groundTruthPath() == null ? null : s.groundTruthPath().getFileName().toString();
        double t = s.threshold();
        boolean isEdited = s.editor().isEdited();
        String engine = s.result() == null ? null : s.result().engine().label();
        Double inferMs = s.result() == null ? null : s.result().timings().inferMs();
        Double px = pixelSizeMm.get();
        boolean cleaned = s.cleanedUp();
        updates.submit("metrics", () -> MetricsRecord.compute(s.fileName(), mask, gtName, gt, t, isEdited, engine,
                inferMs, px, cleaned), rec -> {
                    if (session.get() == s) {
                        metrics.set(rec);
                    }
                }, err -> report(Problem.of("compute the metrics", err)));
    }

    // ------------------------------------------------------------------ ground truth

    /** Loads a ground-truth mask picked by hand for the current image. */
    public Task<BinaryMask> loadGroundTruth(Path file) {
        ImageSession s = session.get();
        if (s == null) {
            report(Problem.error("No image open", "ground truth belongs to an image", "Open the image first."));
            return null;
        }
        int w = s.width();
        int h = s.height();
        Task<BinaryMask> task = new Task<>() {
            @Override
            protected BinaryMask call() throws Exception {
                return new GroundTruthLoader().loadFor(file, w, h);
            }
        };
        task.setOnSucceeded(ev -> {
            if (session.get() == s) {
                s.groundTruthPath = file;
                s.groundTruth = task.getValue();
                updateGroundTruthText();
                prefs.groundTruthFolder = prefs.groundTruthFolder == null ? file.getParent().toString()
                        : prefs.groundTruthFolder;
                viewMode.set(ViewMode.COMPARE);
                changed();
                requestMetrics();
            }
            pendingWork--;
        });
        task.setOnFailed(ev -> {
            pendingWork--;
            report(Problem.of("load the ground truth " + file.getFileName(), task.getException()));
        });
        pendingWork++;
        worker.submit(task);
        return task;
    }

    /** Searches this folder for ground truth from now on, and for the current image at once. */
    public void setGroundTruthFolder(Path dir) {
        prefs.groundTruthFolder = dir == null ? null : dir.toAbsolutePath().normalize().toString();
        savePreferences();
        ImageSession s = session.get();
        if (s == null) {
            return;
        }
        Optional<Path> hit = findGroundTruth(s.path(), dir);
        if (hit.isPresent()) {
            loadGroundTruth(hit.get());
        } else {
            groundTruthText.set("No ground truth for " + s.fileName() + " in " + (dir == null ? "-" : dir.getFileName()));
        }
    }

    public void clearGroundTruth() {
        ImageSession s = session.get();
        if (s == null) {
            return;
        }
        s.groundTruth = null;
        s.groundTruthPath = null;
        updateGroundTruthText();
        changed();
        requestMetrics();
    }

    private void updateGroundTruthText() {
        ImageSession s = session.get();
        if (s == null || s.groundTruth() == null) {
            groundTruthText.set("No ground truth found (File > Load Ground Truth)");
        } else {
            groundTruthText.set("Ground truth: " + s.groundTruthPath().getFileName());
        }
    }

    // ------------------------------------------------------------------ editing

    /** Starts a brush (or eraser, by the current tool) stroke at an image point. */
    public void beginStroke(double x, double y) {
        ImageSession s = session.get();
        if (s == null || s.editor() == null || tool.get() == Tool.VIEW) {
            return;
        }
        s.editor().beginStroke(tool.get() == Tool.BRUSH);
        s.editor().dab(x, y, brushSize.get() / 2);
        lastX = x;
        lastY = y;
        changed();
    }

    public void strokeTo(double x, double y) {
        ImageSession s = session.get();
        if (s == null || s.editor() == null || !s.editor().inStroke()) {
            return;
        }
        s.editor().line(lastX, lastY, x, y, brushSize.get() / 2);
        lastX = x;
        lastY = y;
        changed();
        long now = System.nanoTime();
        if (now - lastStrokeMetrics > 250_000_000L) {
            lastStrokeMetrics = now;
            requestMetrics();
        }
    }

    public void endStroke() {
        ImageSession s = session.get();
        if (s == null || s.editor() == null || !s.editor().inStroke()) {
            return;
        }
        s.editor().endStroke();
        changed();
        requestMetrics();
    }

    public void undo() {
        editAction(MaskEditor::undo);
    }

    public void redo() {
        editAction(MaskEditor::redo);
    }

    public void resetToModel() {
        editAction(MaskEditor::resetToModel);
    }

    private void editAction(java.util.function.Function<MaskEditor, ?> action) {
        ImageSession s = session.get();
        if (s == null || s.editor() == null) {
            return;
        }
        if (s.editor().inStroke()) {
            s.editor().endStroke();
        }
        action.apply(s.editor());
        changed();
        requestMetrics();
    }

    /** The displayed mask changed: redraw and refresh the edit state. */
    private void changed() {
        ImageSession s = session.get();
        MaskEditor e = s == null ? null : s.editor();
        canUndo.set(e != null && e.canUndo());
        canRedo.set(e != null && e.canRedo());
        edited.set(e != null && e.isEdited());
        revision.set(revision.get() + 1);
    }

    // ------------------------------------------------------------------ export

    /** Writes the mask (ISIC PNG, marked edited when it is) to {@code file}. */
    public Task<List<Path>> exportMask(Path file) {
        return exportTo(file.getParent(), Map.of(ExportKind.MASK, file), true);
    }

    public Task<List<Path>> exportOverlay(Path file) {
        return exportTo(file.getParent(), Map.of(ExportKind.OVERLAY, file), true);
    }

    public Task<List<Path>> exportGeoJson(Path file) {
        return exportTo(file.getParent(), Map.of(ExportKind.GEOJSON, file), true);
    }

    public Task<List<Path>> exportMetricsCsv(Path file) {
        return exportTo(file.getParent(), Map.of(ExportKind.METRICS_CSV, file), true);
    }

    public Task<List<Path>> exportMetricsJson(Path file) {
        return exportTo(file.getParent(), Map.of(ExportKind.METRICS_JSON, file), true);
    }

    /** The file names "export all" uses in {@code dir}. */
    public Map<ExportKind, Path> exportTargets(Path dir, Set<ExportKind> kinds) {
        ImageSession s = session.get();
        Map<ExportKind, Path> out = new java.util.EnumMap<>(ExportKind.class);
        if (s == null) {
            return out;
        }
        String name = s.fileName();
        for (ExportKind k : kinds) {
            out.put(k, dir.resolve(switch (k) {
                case MASK -> ExportFiles.maskName(name);
                case OVERLAY -> ExportFiles.overlayName(name);
                case GEOJSON -> ExportFiles.geoJsonName(name);
                case METRICS_CSV -> ExportFiles.metricsCsvName(name);
                case METRICS_JSON -> ExportFiles.metricsJsonName(name);
            }));
        }
        return out;
    }

    /** Writes the chosen kinds with their standard names into {@code dir}. */
    public Task<List<Path>> exportAll(Path dir, Set<ExportKind> kinds, boolean replace) {
        prefs.lastExportFolder = dir.toAbsolutePath().normalize().toString();
        return exportTo(dir, exportTargets(dir, kinds.isEmpty() ? EnumSet.allOf(ExportKind.class) : kinds), replace);
    }

    private Task<List<Path>> exportTo(Path dir, Map<ExportKind, Path> targets, boolean replace) {
        ImageSession s = session.get();
        if (s == null || s.editor() == null) {
            report(Problem.error("Nothing to export", s == null ? "no image is open" : "the image has no mask (no model)",
                    "Open an image and wait for its segmentation."));
            return null;
        }
        MaskEditor ed = s.editor();
        BinaryMask mask = ed.mask();
        long rev = ed.revision();
        boolean isEdited = ed.isEdited();
        BinaryMask gt = s.groundTruth();
        String gtName = s.groundTruthPath() == null ? null : s.groundTruthPath().getFileName().toString();
        String engine = s.result() == null ? null : s.result().engine().label();
        Double inferMs = s.result() == null ? null : s.result().timings().inferMs();
        double t = s.threshold();
        Double px = pixelSizeMm.get();
        OverlayStyle st = exportStyle(style.get(), s.width(), s.height());
        int rgb = color.get();
        Task<List<Path>> task = new Task<>() {
            @Override
            protected List<Path> call() throws Exception {
                if (!replace) {
                    List<String> existing = targets.values().stream().filter(Files::exists)
                            .map(p -> p.getFileName().toString()).toList();
                    if (!existing.isEmpty()) {
                        throw new java.nio.file.FileAlreadyExistsException(String.join(", ", existing)
                                + " already exist in " + dir);
                    }
                }
                MetricsRecord rec = null;
                // exported GeoJSON and metrics carry the lesion measurements (docs/measurements.md)
                org.dermaseg.inference.measure.LesionMeasurements lm = targets.keySet().stream()
                        .anyMatch(k -> k != ExportKind.MASK && k != ExportKind.OVERLAY)
                        ? org.dermaseg.inference.measure.LesionMeasurer.measure(MeasurementsViewModel.imageOf(s), mask, px)
                        : null;
                List<Path> written = new ArrayList<>();
                for (Map.Entry<ExportKind, Path> en : targets.entrySet()) {
                    byte[] bytes;
                    switch (en.getKey()) {
                        case MASK -> bytes = ExportFiles.maskPng(mask, isEdited);
                        case OVERLAY -> bytes = ExportFiles.argbPng(OverlayRenderer.renderWhole(s.pyramid(),
                                mask.data(), gt == null ? null : gt.data(),
                                s.result() == null ? null : s.result().probability(), st), s.width(), s.height());
                        case GEOJSON -> bytes = GeoJson.toJson(GeoJson.featureCollection(mask,
                                ExportFiles.stem(s.fileName()), isEdited, rgb, lm)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        default -> {
                            if (rec == null) {
                                rec = MetricsRecord.compute(s.fileName(), mask, gtName, gt, t, isEdited, engine, inferMs,
                                        px, s.cleanedUp()).withMeasurements(lm);
                            }
                            String text = en.getKey() == ExportKind.METRICS_CSV ? MetricsFiles.csv(List.of(rec))
                                    : MetricsFiles.json(List.of(rec));
                            bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        }
                    }
                    AtomicFiles.write(en.getValue(), bytes, true);
                    written.add(en.getValue());
                }
                return written;
            }
        };
        task.setOnSucceeded(ev -> {
            pendingWork--;
            if (targets.containsKey(ExportKind.MASK)) {
                s.savedRevision = rev;
                changed();
            }
            List<Path> w = task.getValue();
            status.set("Exported " + w.size() + (w.size() == 1 ? " file" : " files") + " to " + dir
                    + (isEdited && targets.containsKey(ExportKind.MASK) ? " (mask marked edited)" : ""));
            savePreferences();
        });
        task.setOnFailed(ev -> {
            pendingWork--;
            report(Problem.of("export " + s.fileName(), task.getException()));
        });
        pendingWork++;
        worker.submit(task);
        return task;
    }

    /** Exports show the overlay even from the "original" view, with an outline visible at full size. */
    static OverlayStyle exportStyle(OverlayStyle st, int w, int h) {
        OverlayStyle out = st.mode() == ViewMode.ORIGINAL ? st.withMode(ViewMode.MASK) : st;
        double width = Math.max(out.contourWidth(), Math.round(Math.max(w, h) / 400.0));
        return out.withContourWidth(Math.min(64, width));
    }

    // ------------------------------------------------------------------ preferences, problems

    /** Applies changed engine/device: a new segmenter is opened for the next image, and the current one re-run. */
    public void engineChanged() {
        savePreferences();
        reload();
    }

    public void savePreferences() {
        if (store == null) {
            return;
        }
        try {
            store.save(prefs);
        } catch (IOException e) {
            report(Problem.warning("Settings could not be saved", store.file() + ": " + Problem.message(e),
                    "Check that " + store.file().getParent() + " is writable; DermaSeg keeps working meanwhile."));
        }
    }

    public void report(Problem p) {
        problems.add(p);
        for (Consumer<Problem> l : problemListeners) {
            l.accept(p);
        }
    }

    @Override
    public void close() {
        savePreferences();
        stopWorkers(10_000);
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
            worker.awaitTermination(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static double clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
    }

    static ViewMode parseMode(String s) {
        try {
            return s == null ? ViewMode.MASK : ViewMode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ViewMode.MASK;
        }
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

    private static <T> T parse(String s, T fallback, java.util.function.Function<String, T> parser) {
        try {
            return s == null ? fallback : parser.apply(s);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
