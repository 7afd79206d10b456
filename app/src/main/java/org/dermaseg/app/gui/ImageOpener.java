package org.dermaseg.app.gui;

import java.nio.file.Path;

import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.io.GroundTruthFinder;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.render.ImagePyramid;

/**
 * The background half of opening an image: decode, segment, build the viewer's pyramid, find and load
 * the ground truth. Touches no JavaFX state; {@link NavigationViewModel} shows the result.
 */
final class ImageOpener {
    /** What the worker hands back to the FX thread. */
    record Opened(Path path, ImagePyramid pyramid, SegmentationResult result, BinaryMask base, double threshold,
                  Path gtPath, BinaryMask gt, String gtProblem, Problem modelProblem, Segmenter segmenter,
                  double totalMs) {
    }

    /** What to open with: the settings of the moment the open was asked for. */
    record Request(Path path, EngineChoice engine, DeviceChoice device, double threshold, PostprocessOptions post,
                   Path groundTruthFolder) {
    }

    private final SegmenterService segmenters;

    ImageOpener(SegmenterService segmenters) {
        this.segmenters = segmenters;
    }

    Opened open(Request r) throws Exception {
        long t0 = System.nanoTime();
        Segmenter seg = null;
        Problem modelProblem = null;
        try {
            seg = segmenters.get(r.engine(), r.device());
        } catch (ModelException | EngineException ex) {
            modelProblem = Problem.of("start the model", ex);
        }
        ImageLoader loader = seg != null ? seg.loader() : new ImageLoader(ImageLimits.DEFAULT, false);
        LoadedImage forModel = seg != null ? seg.load(r.path()) : loader.load(r.path());
        LoadedImage full = forModel.isReduced() ? loader.load(r.path()) : forModel;
        SegmentationResult result = null;
        BinaryMask base = null;
        if (seg != null) {
            result = seg.segment(forModel).withPostprocess(r.post());
            base = result.mask(r.threshold());
        }
        ImagePyramid pyramid = ImagePyramid.of(full);
        Path gtPath = findGroundTruth(r.path(), r.groundTruthFolder());
        BinaryMask gt = null;
        String gtProblem = null;
        if (gtPath != null) {
            try {
                gt = new GroundTruthLoader().loadFor(gtPath, full.width(), full.height());
            } catch (ImageLoadException | RuntimeException ex) {
                gtProblem = Problem.message(ex);
            }
        }
        return new Opened(r.path(), pyramid, result, base, r.threshold(), gtPath, gt, gtProblem, modelProblem, seg,
                (System.nanoTime() - t0) / 1e6);
    }

    /** Ground truth by name: the chosen folder, beside the image, then sibling mask folders (as the CLI). */
    static Path findGroundTruth(Path image, Path gtFolder) {
        return new GroundTruthFinder(gtFolder, true).find(image, image.getFileName()).orElse(null);
    }
}
