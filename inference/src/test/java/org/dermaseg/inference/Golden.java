package org.dermaseg.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.model.Safetensors;

/** The golden tensors written by model/export.py: preprocessed inputs and PyTorch probabilities. */
public final class Golden {
    public record Sample(String id, Path image) {
    }

    /** The UltraLight model's card file in {@link #modelDir()}; the golden tensors are that model's. */
    public static final String CARD_FILE = "ultralight-vmunet.card.json";

    private Golden() {
    }

    public static Path modelDir() {
        return RepoPaths.root().resolve("model");
    }

    public static List<Sample> samples() throws IOException {
        JsonNode json = new ObjectMapper().readTree(modelDir().resolve("golden/golden.json").toFile());
        List<Sample> out = new ArrayList<>();
        for (JsonNode s : json.get("samples")) {
            out.add(new Sample(s.get("id").asText(), RepoPaths.root().resolve(s.get("image").asText())));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("golden.json lists no samples");
        }
        return out;
    }

    public static Safetensors tensors() throws IOException {
        return Safetensors.read(modelDir().resolve("golden/golden.safetensors"));
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
