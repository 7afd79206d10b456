package org.dermaseg.inference.report;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.preprocess.PostprocessOptions;

/**
 * What made an image's mask and how it was measured: the same for every image of a run, so the batch
 * builds one per run and the window one per export. Repeated on every CSV row so rows of several runs can
 * be mixed. Any field may be null when unknown (e.g. {@code evaluate --pred}, which scores stored masks).
 *
 * @param modelId      the model card's id
 * @param modelVersion the model card's version
 * @param engine       engine name, e.g. "onnx" or "java"
 * @param device       "cpu" or "cuda"
 * @param tta          flip test-time augmentation made the mask
 * @param cleanUp      the mask was cleaned up (largest region kept, holes filled)
 * @param threshold    the probability threshold that made the mask
 * @param pixelSizeMm  millimetres per pixel for the measurements and {@code hd95_mm}, or null (pixels only)
 */
public record RunSettings(String modelId, String modelVersion, String engine, String device, Boolean tta,
                          Boolean cleanUp, Double threshold, Double pixelSizeMm) {
    /** Nothing known: rows of stored masks. */
    public static final RunSettings UNKNOWN = new RunSettings(null, null, null, null, null, null, null, null);

    public RunSettings {
        if (pixelSizeMm != null && !(pixelSizeMm > 0 && Double.isFinite(pixelSizeMm))) {
            throw new IllegalArgumentException("pixel size must be a positive number of mm, got " + pixelSizeMm);
        }
    }

    /** A segmenter's model and engine with the threshold and clean-up the masks were actually made with. */
    public static RunSettings of(Segmenter segmenter, double threshold, PostprocessOptions postprocess,
                                 Double pixelSizeMm) {
        EngineInfo e = segmenter.engineInfo();
        return new RunSettings(segmenter.card().id(), segmenter.card().version(), e.name(), e.device(),
                segmenter.options().tta(), !postprocess.equals(PostprocessOptions.NONE), threshold, pixelSizeMm);
    }
}
