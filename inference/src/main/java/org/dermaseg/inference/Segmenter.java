package org.dermaseg.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.FlipTtaEngine;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.Postprocessor;
import org.dermaseg.inference.preprocess.Preprocessor;
import org.dermaseg.inference.preprocess.ProbabilityMap;

/**
 * Image in, mask out: load (OpenCV), preprocess, infer, resize the probabilities back and threshold.
 * Thread-safe; one instance should serve the whole application. Closing it closes the engine.
 */
public final class Segmenter implements AutoCloseable {
    private final ModelArtifacts artifacts;
    private final SegmentationEngine engine;
    private final SegmenterOptions options;
    private final ImageLoader loader;
    private final Preprocessor preprocessor;
    private final Postprocessor postprocessor;
    private final double threshold;

    /**
     * Takes ownership of {@code engine}. With {@link SegmenterOptions#tta()} the engine runs under
     * {@link FlipTtaEngine}: here, so that every segmenter (CLI, GUI, batch) gets it the same way.
     */
    public Segmenter(ModelArtifacts artifacts, SegmentationEngine engine, SegmenterOptions options) {
        this.artifacts = artifacts;
        this.options = options;
        ModelCard card = artifacts.card();
        this.loader = new ImageLoader(options.limits(), options.reducedDecode());
        this.preprocessor = new Preprocessor(card);
        this.engine = options.tta() ? new FlipTtaEngine(engine, preprocessor.height(), preprocessor.width()) : engine;
        this.postprocessor = new Postprocessor(options.postprocess());
        this.threshold = options.threshold() != null ? options.threshold() : card.thresholdOrDefault();
    }

    public Segmenter(ModelArtifacts artifacts, SegmentationEngine engine) {
        this(artifacts, engine, SegmenterOptions.DEFAULT);
    }

    /** Locates the model ({@link ModelArtifacts#locate()}) and starts the chosen engine. */
    public static Segmenter open(EngineChoice engine, DeviceChoice device, SegmenterOptions options)
            throws ModelException, EngineException {
        return open(ModelArtifacts.locate(), engine, device, options);
    }

    public static Segmenter open(ModelArtifacts artifacts, EngineChoice engine, DeviceChoice device,
                                 SegmenterOptions options) throws ModelException, EngineException {
        return new Segmenter(artifacts, EngineFactory.create(engine, device, artifacts), options);
    }

    public ModelArtifacts artifacts() {
        return artifacts;
    }

    public ModelCard card() {
        return artifacts.card();
    }

    public EngineInfo engineInfo() {
        return engine.info();
    }

    /** The engine (for benchmarks); owned by this segmenter. */
    public SegmentationEngine engine() {
        return engine;
    }

    public SegmenterOptions options() {
        return options;
    }

    /** Threshold in use: the option's, else the card's. */
    public double threshold() {
        return threshold;
    }

    public ImageLoader loader() {
        return loader;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public Postprocessor postprocessor() {
        return postprocessor;
    }

    /**
     * A few inferences on a synthetic image (a grey ramp), so that the first real image does not pay for the
     * runtime's lazy set-up and a cold JIT: a window's first image took about 300 ms to infer, the next
     * ones 20-100 ms.
     */
    public void warmUp() throws EngineException {
        int w = preprocessor.width();
        int h = preprocessor.height();
        float[] x = new float[3 * w * h];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % w) * 255f / Math.max(1, w - 1);
        }
        for (int run = 0; run < WARM_UP_RUNS; run++) {
            engine.infer(x, 1);
        }
    }

    /** Runs of {@link #warmUp()}: one left the next image's inference at 235 ms, the later ones ran at ~85. */
    static final int WARM_UP_RUNS = 3;

    /** Loads for the model (reduced JPEG decode when allowed), then {@link #segment(LoadedImage)}. */
    public SegmentationResult segment(Path image) throws ImageLoadException, EngineException {
        return segment(load(image));
    }

    /** Loads an image the way {@link #segment(Path)} does (separate so pipelines can overlap decoding). */
    public LoadedImage load(Path image) throws ImageLoadException {
        return loader.loadForModel(image, preprocessor.width(), preprocessor.height());
    }

    public SegmentationResult segment(LoadedImage image) throws EngineException {
        return segmentAll(List.of(image)).get(0);
    }

    /** Several images in one engine call (batch dimension N); results in input order. */
    public List<SegmentationResult> segmentAll(List<LoadedImage> images) throws EngineException {
        List<Prepared> prepared = new ArrayList<>(images.size());
        for (LoadedImage im : images) {
            prepared.add(prepare(im));
        }
        List<Inferred> inferred = infer(prepared);
        List<SegmentationResult> out = new ArrayList<>(inferred.size());
        for (Inferred i : inferred) {
            out.add(finish(i));
        }
        return out;
    }

    /** An image with its model input (NCHW, one image), ready for {@link #infer(List)}. */
    public record Prepared(LoadedImage image, float[] tensor, double preprocessMs) {
    }

    /** An image with its probabilities at model size, ready for {@link #finish(Inferred)}. */
    public record Inferred(Prepared prepared, float[] probabilities, double inferMs) {
    }

    /**
     * Step 1 of 3 (after {@link #load}): preprocessing. The steps are separate so that a pipeline can run
     * preprocessing and postprocessing on its decode and encode threads and keep the inference thread for the
     * engine alone (with a GPU, one thread feeding batches of 32 would otherwise spend most of its time here).
     */
    public Prepared prepare(LoadedImage image) {
        long t0 = System.nanoTime();
        float[] x = new float[3 * preprocessor.width() * preprocessor.height()];
        preprocessor.toTensor(image.rgb(), image.pixelWidth(), image.pixelHeight(), x, 0);
        return new Prepared(image, x, (System.nanoTime() - t0) / 1e6);
    }

    /** Step 2 of 3: one engine run over all of {@code images} (batch dimension N); results in input order. */
    public List<Inferred> infer(List<Prepared> images) throws EngineException {
        int n = images.size();
        if (n == 0) {
            return List.of();
        }
        int plane = preprocessor.width() * preprocessor.height();
        float[] input;
        if (n == 1) {
            input = images.get(0).tensor();
        } else {
            input = new float[n * 3 * plane];
            for (int i = 0; i < n; i++) {
                System.arraycopy(images.get(i).tensor(), 0, input, i * 3 * plane, 3 * plane);
            }
        }
        long t0 = System.nanoTime();
        float[] probs = engine.infer(input, n);
        double inferMs = (System.nanoTime() - t0) / 1e6 / n;
        if (probs.length != n * plane) {
            throw new EngineException("engine returned " + probs.length + " values for " + n + " images of " + plane);
        }
        List<Inferred> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] one = n == 1 ? probs : java.util.Arrays.copyOfRange(probs, i * plane, (i + 1) * plane);
            out.add(new Inferred(images.get(i), one, inferMs));
        }
        return out;
    }

    /** Step 3 of 3: probabilities back to the image's size, thresholded and cleaned up. */
    public SegmentationResult finish(Inferred inferred) {
        LoadedImage im = inferred.prepared().image();
        long p0 = System.nanoTime();
        ProbabilityMap prob = new ProbabilityMap(preprocessor.width(), preprocessor.height(), inferred.probabilities());
        BinaryMask mask = postprocessor.toMask(prob, im.width(), im.height(), threshold);
        double postMs = (System.nanoTime() - p0) / 1e6;
        return new SegmentationResult(im.source(), im.width(), im.height(), prob, mask, threshold, postprocessor,
                engine.info(), new Timings(im.decodeMillis(), inferred.prepared().preprocessMs(), inferred.inferMs(),
                        postMs));
    }

    /** Images per engine run that pay on this engine ({@link SegmentationEngine#preferredBatch()}). */
    public int preferredBatch() {
        return engine.preferredBatch();
    }

    @Override
    public void close() {
        engine.close();
    }
}
