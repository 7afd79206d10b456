package org.dermaseg.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.inference.model.ModelEntry;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.model.Safetensors;

/** The golden tensors written by model/export.py: preprocessed inputs and PyTorch probabilities. */
public final class Golden {
    public record Sample(String id, Path image) {
    }

    /**
     * The default model's card file name in {@link #modelDir()} (read from the cards, not written here, so that
     * tests follow whichever model the committed cards mark as the default); {@link #samples()} and
     * {@link #tensors()} are that model's golden tensors.
     */
    public static final String CARD_FILE;

    /** The default model's id. */
    public static final String DEFAULT_ID;

    /** The default model's ONNX and safetensors file names, as its card names them. */
    public static final String ONNX_FILE;
    public static final String WEIGHTS_FILE;

    static {
        try {
            ModelRegistry r = ModelRegistry.inDirectory(modelDir());
            DEFAULT_ID = r.defaultId();
            ModelEntry e = r.find(DEFAULT_ID);
            CARD_FILE = e.cardFile().getFileName().toString();
            ONNX_FILE = e.artifacts().card().artifacts().onnx().file();
            WEIGHTS_FILE = e.artifacts().card().artifacts().safetensors().file();
        } catch (ModelException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Golden() {
    }

    public static Path modelDir() {
        return RepoPaths.root().resolve("model");
    }

    /**
     * Where model/export.py writes a model's golden tensors: {@code golden/<id>/}, except for the model that
     * was exported before there were several, whose golden tensors are {@code golden/} itself.
     */
    public static Path goldenDir(String modelId) {
        Path own = modelDir().resolve("golden").resolve(modelId);
        return Files.isDirectory(own) ? own : modelDir().resolve("golden");
    }

    /** The default model's golden samples. */
    public static List<Sample> samples() throws IOException {
        return samples(goldenDir(DEFAULT_ID));
    }

    /** The golden samples in this folder ({@link #goldenDir}). */
    public static List<Sample> samples(Path goldenDir) throws IOException {
        JsonNode json = new ObjectMapper().readTree(goldenDir.resolve("golden.json").toFile());
        List<Sample> out = new ArrayList<>();
        for (JsonNode s : json.get("samples")) {
            out.add(new Sample(s.get("id").asText(), RepoPaths.root().resolve(s.get("image").asText())));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("golden.json lists no samples");
        }
        return out;
    }

    /** The default model's golden tensors. */
    public static Safetensors tensors() throws IOException {
        return tensors(goldenDir(DEFAULT_ID));
    }

    /** The golden tensors in this folder ({@link #goldenDir}): {@code input.<id>} and {@code prob.<id>}. */
    public static Safetensors tensors(Path goldenDir) throws IOException {
        return Safetensors.read(goldenDir.resolve("golden.safetensors"));
    }

    public static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            float d = Math.abs(a[i] - b[i]);
            if (!(d <= m)) {
                m = Float.isNaN(d) ? Float.POSITIVE_INFINITY : d;
            }
        }
        return m;
    }
}
