package org.dermaseg.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dermaseg.inference.SegmentationDefaults;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import picocli.CommandLine.Option;

/**
 * Options every model-running command shares; add with {@code @Mixin CommonOptions common;}.
 * {@link #openSegmenter()} turns them into a ready {@link Segmenter}.
 */
public final class CommonOptions {
    @Option(names = "--engine", paramLabel = "auto|onnx|java", defaultValue = "auto",
            converter = EngineConverter.class,
            description = "Inference engine (default: ${DEFAULT-VALUE}; auto = CUDA through ONNX Runtime where it starts, "
                    + "else the faster CPU engine, pure Java; the reason is printed).")
    public EngineChoice engine = EngineChoice.AUTO;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
            converter = DeviceConverter.class,
            description = "Device (default: ${DEFAULT-VALUE}; CUDA falls back to CPU with a reason).")
    public DeviceChoice device = DeviceChoice.AUTO;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Mask threshold in [0,1] (default: the model card's).")
    public Double threshold;

    /** Clean-up on or off; the default is the one the GUI has too ({@link SegmentationDefaults#CLEAN_UP}). */
    public boolean clean = SegmentationDefaults.CLEAN_UP;

    // Two plain flags rather than picocli's negatable option: with a default of true, a negatable --clean would
    // set the opposite of the default (false) when given.
    @Option(names = "--clean", description = "Keep the largest lesion region and fill its holes (default: "
            + (SegmentationDefaults.CLEAN_UP ? "on" : "off") + ").")
    void cleanOn(boolean given) {
        clean = true;
    }

    @Option(names = "--no-clean", description = "Keep the model's raw thresholded mask (no clean-up).")
    void cleanOff(boolean given) {
        clean = false;
    }

    @Option(names = "--tta", negatable = true,
            description = "Flip test-time augmentation: the mean of the model's output on the image and its three "
                    + "flips (about 4x the engine time; default: " + (SegmentationDefaults.TTA ? "on" : "off") + ").")
    public boolean tta = SegmentationDefaults.TTA;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (default: -Ddermaseg.model.dir, $DERMASEG_MODEL_DIR, next to the jar, ./model).")
    public Path modelDir;

    @Option(names = "--model-id", paramLabel = "ID",
            description = "Model to run, by its card's id (default: the default model; `dermaseg info` lists them).")
    public List<String> modelIds = new ArrayList<>();

    @Option(names = "--json", description = "Machine-readable JSON on standard output.")
    public boolean json;

    @Option(names = "--pixel-size-mm", paramLabel = "MM",
            description = "Millimetres per image pixel, for areas and diameters in mm (default: pixels only).")
    public Double pixelSizeMm;

    /** {@link #pixelSizeMm}, checked: positive and finite, or null. */
    public Double pixelSizeMm() throws DermasegCommand.UsageException {
        if (pixelSizeMm != null && !(pixelSizeMm > 0 && Double.isFinite(pixelSizeMm))) {
            throw new DermasegCommand.UsageException("--pixel-size-mm must be a positive number, not " + pixelSizeMm);
        }
        return pixelSizeMm;
    }

    public SegmenterOptions segmenterOptions() throws DermasegCommand.UsageException {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new DermasegCommand.UsageException("--threshold must be within [0, 1], not " + threshold);
        }
        return SegmenterOptions.DEFAULT.withThreshold(threshold)
                .withPostprocess(clean ? PostprocessOptions.CLEAN : PostprocessOptions.NONE).withTta(tta);
    }

    /** Every model in {@code --model DIR}, else on the standard search path. */
    public ModelRegistry registry() throws ModelException {
        return modelDir != null ? ModelRegistry.inDirectory(modelDir) : ModelRegistry.locate();
    }

    /** The one model chosen with {@code --model-id} (the default without it); refused models are fatal. */
    public ModelArtifacts artifacts() throws ModelException, DermasegCommand.UsageException {
        if (modelIds.size() > 1) {
            throw new DermasegCommand.UsageException("--model-id may be given once here (evaluate --images and bench "
                    + "take several), not " + modelIds.size() + " times");
        }
        return registry().require(modelIds.isEmpty() ? null : modelIds.get(0));
    }

    /**
     * Every model named with {@code --model-id}, in the order given (the default model without one), for the
     * commands that run several ({@code evaluate --images}, {@code bench}). Every one is checked before any
     * runs; a model named twice is a usage error.
     */
    public List<ModelArtifacts> models() throws ModelException, DermasegCommand.UsageException {
        if (new java.util.HashSet<>(modelIds).size() < modelIds.size()) {
            throw new DermasegCommand.UsageException("--model-id names a model twice: " + modelIds);
        }
        ModelRegistry registry = registry();
        if (modelIds.isEmpty()) {
            return List.of(registry.require(null));
        }
        List<ModelArtifacts> out = new ArrayList<>();
        for (String id : modelIds) {
            out.add(registry.require(id));
        }
        return out;
    }

    /** Locates and verifies the model and starts the engine; failures are fatal (exit 3). */
    public Segmenter openSegmenter() throws ModelException, EngineException, DermasegCommand.UsageException {
        SegmenterOptions opts = segmenterOptions();
        return Segmenter.open(artifacts(), engine, device, opts);
    }

    public static final class EngineConverter implements picocli.CommandLine.ITypeConverter<EngineChoice> {
        @Override
        public EngineChoice convert(String value) {
            return EngineChoice.parse(value);
        }
    }

    public static final class DeviceConverter implements picocli.CommandLine.ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            return DeviceChoice.parse(value);
        }
    }
}
