package org.dermaseg.app.gui.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javafx.concurrent.Task;

import org.dermaseg.app.gui.SegmenterService;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.MaskDisagreement;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.render.ComparisonRenderer;

/**
 * Runs two models on one image, off the FX thread, one {@link Task} at a time (a new comparison cancels
 * the one running): each model's mask and, with ground truth, its metrics; where the two disagree; and one
 * picture with both outlines. Segmenters come from the shared {@link SegmenterService}, which keeps them open.
 */
public final class CompareModelsViewModel implements AutoCloseable {
    /** Preview size: the long side of the picture, in pixels. */
    static final int PREVIEW_SIDE = 1024;

    /** One model's side of the comparison; {@code metrics} null without ground truth. */
    public record Side(String modelId, String modelName, String engine, long lesionArea, double inferMs,
                       MaskMetrics metrics) {
    }

    public record Outcome(Path image, Side first, Side second, MaskDisagreement disagreement,
                          ComparisonRenderer.Picture picture) {
    }

    private final SegmenterService segmenters;
    private final EngineChoice engine;
    private final DeviceChoice device;
    private final PostprocessOptions postprocess;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dermaseg-compare");
        t.setDaemon(true);
        return t;
    });
    private Task<Outcome> running;

    public CompareModelsViewModel(SegmenterService segmenters, EngineChoice engine, DeviceChoice device,
                                  PostprocessOptions postprocess) {
        this.segmenters = segmenters;
        this.engine = engine;
        this.device = device;
        this.postprocess = postprocess;
    }

    /** Starts comparing models {@code a} and {@code b} on {@code image}; {@code groundTruth} may be null. */
    public Task<Outcome> compare(String a, String b, Path image, BinaryMask groundTruth) {
        cancel();
        Task<Outcome> task = new Task<>() {
            @Override
            protected Outcome call() throws Exception {
                return run(a, b, image, groundTruth);
            }

            private void step(double done, String what) {
                updateProgress(done, 1);
                updateMessage(what);
            }

            private Outcome run(String a, String b, Path image, BinaryMask gt) throws Exception {
                step(0.05, "starting " + a);
                Segmenter sa = segmenters.get(a, engine, device);
                stopIfCancelled();
                step(0.2, "starting " + b);
                Segmenter sb = segmenters.get(b, engine, device);
                stopIfCancelled();
                step(0.35, "reading " + image.getFileName());
                LoadedImage img = sa.load(image);
                stopIfCancelled();
                step(0.45, "segmenting with " + a);
                SegmentationResult ra = sa.segment(img).withPostprocess(postprocess);
                stopIfCancelled();
                step(0.7, "segmenting with " + b);
                SegmentationResult rb = sb.segment(img).withPostprocess(postprocess);
                stopIfCancelled();
                step(0.9, "comparing");
                BinaryMask usableGt = gt != null && gt.width() == ra.width() && gt.height() == ra.height() ? gt : null;
                Outcome o = new Outcome(image, side(sa, ra, usableGt), side(sb, rb, usableGt),
                        MaskDisagreement.of(ra.mask(), rb.mask()),
                        ComparisonRenderer.render(img, ra.mask(), rb.mask(), usableGt, ComparisonRenderer.Colours.DEFAULT,
                                PREVIEW_SIDE));
                step(1, "done");
                return o;
            }

            private void stopIfCancelled() throws InterruptedException {
                if (isCancelled()) {
                    throw new InterruptedException("cancelled");
                }
            }
        };
        running = task;
        worker.submit(task);
        return task;
    }

    private static Side side(Segmenter s, SegmentationResult r, BinaryMask gt) {
        MaskMetrics m = gt == null ? null : MaskMetrics.of(Confusion.of(r.mask().data(), gt.data()));
        return new Side(s.card().id(), s.card().displayName(), r.engine().toString(), r.lesionArea(),
                r.timings().inferMs(), m);
    }

    /** Cancels the comparison running, if any (the step in progress finishes first). */
    public void cancel() {
        if (running != null) {
            running.cancel();
            running = null;
        }
    }

    /** The usable models' ids, default first. */
    public static List<String> choices(SegmenterService segmenters) {
        try {
            var registry = segmenters.registry();
            return registry.usable().stream().map(e -> e.id())
                    .sorted((x, y) -> Boolean.compare(y.equals(registry.defaultId()), x.equals(registry.defaultId())))
                    .toList();
        } catch (org.dermaseg.inference.model.ModelException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        cancel();
        worker.shutdownNow();
    }
}
