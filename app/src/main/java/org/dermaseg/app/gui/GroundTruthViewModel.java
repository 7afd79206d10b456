package org.dermaseg.app.gui;

import java.nio.file.Path;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.render.ViewMode;

/**
 * The expert mask of the image shown: found by name when the image opens ({@link ImageOpener}), picked by
 * hand, or searched for in a chosen folder; the side panel's ground-truth line.
 */
public final class GroundTruthViewModel {
    private final WindowState state;
    private final ReviewViewModel review;
    private final StringProperty text = new SimpleStringProperty(this, "gt", "No ground truth");

    GroundTruthViewModel(WindowState state, ReviewViewModel review) {
        this.state = state;
        this.review = review;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** Loads a ground-truth mask picked by hand for the current image. */
    public Task<BinaryMask> load(Path file) {
        ImageSession s = state.session();
        if (s == null) {
            state.report(Problem.error("No image open", "ground truth belongs to an image", "Open the image first."));
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
            if (state.session() == s) {
                s.groundTruthPath = file;
                s.groundTruth = task.getValue();
                updateText();
                if (state.settings().groundTruthFolderProperty().get() == null) {
                    state.settings().groundTruthFolderProperty().set(file.getParent());
                }
                review.viewModeProperty().set(ViewMode.COMPARE);
                state.maskChanged();
                review.requestMetrics();
            }
        });
        task.setOnFailed(ev -> state.report(Problem.of("load the ground truth " + file.getFileName(),
                task.getException())));
        return state.submit(task);
    }

    /** Searches this folder for ground truth from now on, and for the current image at once. */
    public void setFolder(Path dir) {
        state.settings().groundTruthFolderProperty().set(dir == null ? null : dir.toAbsolutePath().normalize());
        state.settings().save();
        ImageSession s = state.session();
        if (s == null) {
            return;
        }
        Path hit = ImageOpener.findGroundTruth(s.path(), dir);
        if (hit != null) {
            load(hit);
        } else {
            text.set("No ground truth for " + s.fileName() + " in " + (dir == null ? "-" : dir.getFileName()));
        }
    }

    public void clear() {
        ImageSession s = state.session();
        if (s == null) {
            return;
        }
        s.groundTruth = null;
        s.groundTruthPath = null;
        updateText();
        state.maskChanged();
        review.requestMetrics();
    }

    /** An image was opened: {@code found} is the ground truth found for it, {@code problem} why it was unusable. */
    void shown(Path found, String problem) {
        if (problem != null) {
            text.set("Ground truth " + found.getFileName() + " unusable: " + problem);
        } else {
            updateText();
        }
    }

    private void updateText() {
        ImageSession s = state.session();
        if (s == null || s.groundTruth() == null) {
            text.set("No ground truth found (File > Load Ground Truth)");
        } else {
            text.set("Ground truth: " + s.groundTruthPath().getFileName());
        }
    }
}
