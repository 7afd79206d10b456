package org.dermaseg.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javafx.application.Platform;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.io.ImageFiles;
import org.dermaseg.inference.edit.MaskEditor;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.FlipTtaEngine;
import org.dermaseg.inference.model.ModelException;

/**
 * Opening images and moving between them: the image list (filmstrip), open/next/previous, the engine's
 * warm-up, and the status-bar texts of the image shown. An open superseded by a newer one (the user
 * pressed Next twice) is dropped. Edited images keep their corrections when left and come back with them.
 */
public final class NavigationViewModel {
    private final WindowState state;
    private final ReviewViewModel review;
    private final GroundTruthViewModel groundTruth;
    private final ImageOpener opener;
    private final Set<Segmenter> fallbackReported = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Sessions of images edited and left, so coming back restores the corrections (and their undo history). */
    private final Map<Path, ImageSession> editedSessions = new HashMap<>();

    private final ObservableList<Path> images = FXCollections.observableArrayList();
    private final IntegerProperty index = new SimpleIntegerProperty(this, "index", -1);
    private final StringProperty engineText = new SimpleStringProperty(this, "engine", "Engine: not started");
    private final StringProperty timingText = new SimpleStringProperty(this, "timing", "");
    private final StringProperty sizeText = new SimpleStringProperty(this, "size", "");

    NavigationViewModel(WindowState state, ReviewViewModel review, GroundTruthViewModel groundTruth) {
        this.state = state;
        this.review = review;
        this.groundTruth = groundTruth;
        this.opener = new ImageOpener(state.segmenters());
    }

    public ObservableList<Path> images() {
        return images;
    }

    public IntegerProperty indexProperty() {
        return index;
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
            state.report(Problem.error("No images in " + dir.getFileName(),
                    dir + " holds no JPEG, PNG, BMP or TIFF images (masks named *_segmentation, *_lesion, "
                            + "*_mask, *_gt and overlays are not listed)",
                    "Open a folder of dermoscopy images, or open one image with File > Open."));
            return;
        }
        state.settings().lastOpenFolderProperty().set(dir.toAbsolutePath().normalize());
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
                .map(p -> p.toAbsolutePath().normalize()).sorted(NavigationViewModel::byName).distinct().toList();
        if (list.isEmpty()) {
            Path dir = files.stream().filter(Files::isDirectory).findFirst().orElse(null);
            if (dir != null) {
                openFolder(dir);
            } else {
                state.report(Problem.error("Nothing to open", "none of the " + files.size()
                        + " dropped files is an image", "Drop JPEG, PNG, BMP or TIFF files, or a folder of them."));
            }
            return;
        }
        images.setAll(list);
        index.set(0);
        startOpen(list.get(0));
    }

    public void next() {
        openAt(index.get() + 1);
    }

    public void previous() {
        openAt(index.get() - 1);
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
        ImageSession s = state.session();
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
                    .map(p -> p.toAbsolutePath().normalize()).sorted(NavigationViewModel::byName).toList();
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
        long gen = state.generation();
        var e = state.settings().engineProperty().get();
        var d = state.settings().deviceProperty().get();
        state.submitQuietly(() -> {
            if (gen != state.generation()) {
                return; // an image was opened first: it warms the engine itself
            }
            try {
                Segmenter seg = state.segmenters().get(e, d);
                seg.warmUp();
                EngineInfo info = seg.engineInfo();
                Platform.runLater(() -> {
                    if (state.session() == null) {
                        engineText.set(engineLabel(info));
                    }
                });
            } catch (ModelException | EngineException | RuntimeException | LinkageError ignored) {
                // reported, with what to do, when an image is opened
            }
        });
    }

    private void startOpen(Path path) {
        long gen = state.nextGeneration();
        leaveSession();
        state.busyProperty().set(true);
        state.statusProperty().set("Segmenting " + path.getFileName() + " …");
        Settings st = state.settings();
        ImageOpener.Request request = new ImageOpener.Request(path, st.engineProperty().get(),
                st.deviceProperty().get(), review.thresholdProperty().get(), review.postprocessOptions(),
                st.groundTruthFolderProperty().get());
        Task<ImageOpener.Opened> task = new Task<>() {
            @Override
            protected ImageOpener.Opened call() throws Exception {
                return gen != state.generation() ? null : opener.open(request); // null: superseded before it started
            }
        };
        task.setOnSucceeded(ev -> {
            if (gen == state.generation() && task.getValue() != null) {
                show(task.getValue());
            }
        });
        task.setOnFailed(ev -> {
            if (gen == state.generation()) {
                state.busyProperty().set(false);
                state.sessionProperty().set(null);
                clearSessionState();
                state.statusProperty().set("Could not open " + path.getFileName());
                state.report(Problem.of("open " + path.getFileName(), task.getException()));
            }
        });
        state.submit(task);
    }

    private void show(ImageOpener.Opened o) {
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
        state.sessionProperty().set(s);
        state.busyProperty().set(false);

        sizeText.set(s.width() + " × " + s.height() + " px");
        if (o.result() != null) {
            engineText.set(engineLabel(o.result().engine()));
            timingText.set(String.format(Locale.ROOT, "Inference %.0f ms · total %.0f ms",
                    o.result().timings().inferMs(), o.totalMs()));
            state.statusProperty().set(o.path().getFileName() + ": lesion outlined");
        } else {
            engineText.set("Engine: unavailable");
            timingText.set("");
            state.statusProperty().set(o.path().getFileName() + ": shown without segmentation (no model)");
        }
        groundTruth.shown(o.gtPath(), o.gtProblem());
        Settings st = state.settings();
        st.addRecent(o.path());
        st.lastOpenFolderProperty().set(o.path().getParent());
        if (o.segmenter() != null && o.result() != null) {
            review.firstModelRun(o.segmenter().threshold());
        }
        if (o.modelProblem() != null) {
            state.report(o.modelProblem());
        }
        if (o.segmenter() != null && o.result() != null && o.result().engine().isFallback()
                && fallbackReported.add(o.segmenter())) {
            EngineInfo info = o.result().engine();
            state.report(new Problem(Problem.Severity.WARNING, "Running on " + engineLabel(info),
                    info.fallbackReason(), "Nothing to do: segmentation works, only slower than on the engine or "
                    + "device asked for. Install the GPU build of ONNX Runtime for CUDA, or choose CPU in "
                    + "Edit > Preferences to silence this."));
        }
        if (editor != null) {
            review.remaskIfChangedSince(o.threshold(), o.result().postprocess()); // changed while it loaded
        }
        state.maskChanged();
        review.requestMetrics();
        st.save();
    }

    static String engineLabel(EngineInfo info) {
        String engine = switch (info.name()) {
            case "onnx" -> "ONNX Runtime";
            case "java" -> "Java engine";
            default -> info.name();
        };
        return engine + " · " + info.device().toUpperCase(Locale.ROOT) + (info.isFallback() ? " (fallback)" : "")
                + (FlipTtaEngine.isOn(info) ? " · flip TTA" : "");
    }

    /** Keeps an edited image's corrections for when the user comes back to it. */
    private void leaveSession() {
        ImageSession s = state.session();
        if (s != null && s.editor() != null && (s.editor().isEdited() || s.editor().canUndo())) {
            editedSessions.put(s.path(), s);
        }
    }

    private void clearSessionState() {
        review.metricsProperty().set(null);
        groundTruth.textProperty().set("No ground truth");
        sizeText.set("");
        timingText.set("");
        state.maskChanged();
    }

    /** Images edited in this session whose edits were not exported. */
    public List<Path> unsavedEdits() {
        List<Path> out = new ArrayList<>();
        ImageSession cur = state.session();
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
        ImageSession cur = state.session();
        if (cur != null && cur.path().equals(p)) {
            return cur.hasUnsavedEdits();
        }
        ImageSession s = editedSessions.get(p);
        return s != null && s.hasUnsavedEdits();
    }
}
