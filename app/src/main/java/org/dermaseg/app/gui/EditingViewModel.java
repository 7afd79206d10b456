package org.dermaseg.app.gui;

import java.util.function.Function;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

import org.dermaseg.inference.edit.MaskEditor;

/**
 * Hand corrections of the mask shown: the tool (pan, brush, eraser), strokes in image coordinates,
 * undo/redo and reset to the model's mask, and whether there is anything to undo, redo or export.
 */
public final class EditingViewModel {
    public enum Tool { VIEW, BRUSH, ERASER }

    /** Metrics are refreshed at most this often during a stroke (and always at its end). */
    private static final long STROKE_METRICS_NANOS = 250_000_000L;

    private final WindowState state;
    private final ReviewViewModel review;
    private final ObjectProperty<Tool> tool = new SimpleObjectProperty<>(this, "tool", Tool.VIEW);
    private final BooleanProperty canUndo = new SimpleBooleanProperty(this, "canUndo");
    private final BooleanProperty canRedo = new SimpleBooleanProperty(this, "canRedo");
    private final BooleanProperty edited = new SimpleBooleanProperty(this, "edited");
    private long lastStrokeMetrics;
    private double lastX;
    private double lastY;

    EditingViewModel(WindowState state, ReviewViewModel review) {
        this.state = state;
        this.review = review;
        // before the viewer's own listener: the title and buttons follow the mask they see
        state.revisionProperty().addListener((o, a, b) -> refresh());
        state.sessionProperty().addListener((o, a, b) -> refresh());
    }

    public ObjectProperty<Tool> toolProperty() {
        return tool;
    }

    /** Brush diameter in image pixels (a saved setting). */
    public DoubleProperty brushSizeProperty() {
        return state.settings().brushSizeProperty();
    }

    /** ] (positive) and [ (negative): the brush larger or smaller by {@link GuiLimits#BRUSH_FACTOR}. */
    public void scaleBrush(int steps) {
        brushSizeProperty().set(GuiLimits.scaleBrush(brushSizeProperty().get(), steps));
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

    /** Starts a brush (or eraser, by the current tool) stroke at an image point. */
    public void beginStroke(double x, double y) {
        ImageSession s = state.session();
        if (s == null || s.editor() == null || tool.get() == Tool.VIEW) {
            return;
        }
        s.editor().beginStroke(tool.get() == Tool.BRUSH);
        s.editor().dab(x, y, brushSizeProperty().get() / 2);
        lastX = x;
        lastY = y;
        state.maskChanged();
    }

    public void strokeTo(double x, double y) {
        ImageSession s = state.session();
        if (s == null || s.editor() == null || !s.editor().inStroke()) {
            return;
        }
        s.editor().line(lastX, lastY, x, y, brushSizeProperty().get() / 2);
        lastX = x;
        lastY = y;
        state.maskChanged();
        long now = System.nanoTime();
        if (now - lastStrokeMetrics > STROKE_METRICS_NANOS) {
            lastStrokeMetrics = now;
            review.requestMetrics();
        }
    }

    public void endStroke() {
        ImageSession s = state.session();
        if (s == null || s.editor() == null || !s.editor().inStroke()) {
            return;
        }
        s.editor().endStroke();
        state.maskChanged();
        review.requestMetrics();
    }

    public void undo() {
        apply(MaskEditor::undo);
    }

    public void redo() {
        apply(MaskEditor::redo);
    }

    public void resetToModel() {
        apply(MaskEditor::resetToModel);
    }

    private void apply(Function<MaskEditor, ?> action) {
        ImageSession s = state.session();
        if (s == null || s.editor() == null) {
            return;
        }
        if (s.editor().inStroke()) {
            s.editor().endStroke();
        }
        action.apply(s.editor());
        state.maskChanged();
        review.requestMetrics();
    }

    private void refresh() {
        ImageSession s = state.session();
        MaskEditor e = s == null ? null : s.editor();
        canUndo.set(e != null && e.canUndo());
        canRedo.set(e != null && e.canRedo());
        edited.set(e != null && e.isEdited());
    }
}
