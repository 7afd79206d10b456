package org.dermaseg.app.gui;

import java.nio.file.Path;

import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.edit.MaskEditor;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.render.ImagePyramid;

/**
 * The image under review: its pixels (as a pyramid for the viewer), the model's result, the editor holding
 * hand corrections, and the ground truth when there is one. Mutated on the FX thread only.
 */
public final class ImageSession {
    private final Path path;
    private final ImagePyramid pyramid;
    private SegmentationResult result;
    private final MaskEditor editor;
    double threshold;
    Path groundTruthPath;
    BinaryMask groundTruth;
    /** Editor revision when the mask was last exported; -1 never. */
    long savedRevision = -1;

    ImageSession(Path path, ImagePyramid pyramid, SegmentationResult result, MaskEditor editor, double threshold) {
        this.path = path;
        this.pyramid = pyramid;
        this.result = result;
        this.editor = editor;
        this.threshold = threshold;
    }

    public Path path() {
        return path;
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    public ImagePyramid pyramid() {
        return pyramid;
    }

    public int width() {
        return pyramid.width();
    }

    public int height() {
        return pyramid.height();
    }

    /** The model's result, or null when no model could run. */
    public SegmentationResult result() {
        return result;
    }

    /** The same inference with another clean-up or threshold (FX thread). */
    void result(SegmentationResult r) {
        result = r;
    }

    /** The model's mask was cleaned up (largest region, holes filled) before any hand edit. */
    public boolean cleanedUp() {
        return result != null && !result.postprocess().equals(PostprocessOptions.NONE);
    }

    /** Null when there is no mask (no model). */
    public MaskEditor editor() {
        return editor;
    }

    public boolean hasMask() {
        return editor != null;
    }

    public double threshold() {
        return threshold;
    }

    public Path groundTruthPath() {
        return groundTruthPath;
    }

    public BinaryMask groundTruth() {
        return groundTruth;
    }

    /** Edited and not exported since the last edit. */
    public boolean hasUnsavedEdits() {
        return editor != null && editor.isEdited() && savedRevision != editor.revision();
    }
}
