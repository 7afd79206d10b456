package org.dermaseg.inference.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The model card {@code ultralight-vmunet.card.json} (schema in docs/architecture.md). Unknown fields are
 * ignored so that the exporter can add facts without breaking older readers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(String name, String version, String paper, boolean trained, Input input, Output output,
                        Double threshold, Architecture architecture, Long parameters, Double gflops,
                        Artifacts artifacts, List<TensorSpec> tensors, JsonNode training, JsonNode metrics) {

    public static final double DEFAULT_THRESHOLD = 0.5;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(int width, int height, int channels, String channelOrder, String layout, String resize,
                        String scaling) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(String activation, int channels) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Architecture(int[] channels, int dState, int dConv, int expand, int groupNormGroups) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artifacts(OnnxArtifact onnx, FileArtifact safetensors) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OnnxArtifact(String file, String sha256, long bytes, int opset, String inputName,
                               String outputName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileArtifact(String file, String sha256, long bytes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TensorSpec(String name, int[] shape) {
    }

    public static ModelCard read(Path path) throws ModelException {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in, path.toString());
        } catch (IOException e) {
            throw new ModelException("cannot read model card " + path + ": " + e.getMessage(), e);
        }
    }

    public static ModelCard parse(InputStream in, String source) throws ModelException {
        ModelCard card;
        try {
            card = MAPPER.readValue(in, ModelCard.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelException("model card " + source + " is not valid JSON for the card schema: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelException("cannot read model card " + source + ": " + e.getMessage(), e);
        }
        card.validate(source);
        return card;
    }

    public static ModelCard parse(String json) throws ModelException {
        return parse(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "<string>");
    }

    /** Fails on cards the Java pipeline cannot honour, naming the field (better than a wrong mask). */
    private void validate(String source) throws ModelException {
        String where = "model card " + source + ": ";
        if (input == null) {
            throw new ModelException(where + "missing \"input\"");
        }
        if (input.width() <= 0 || input.height() <= 0) {
            throw new ModelException(where + "input width/height must be positive");
        }
        if (input.channels() != 3) {
            throw new ModelException(where + "input.channels " + input.channels() + " unsupported (3 expected)");
        }
        requireValue(where, "input.channelOrder", input.channelOrder(), "RGB");
        requireValue(where, "input.layout", input.layout(), "NCHW");
        requireValue(where, "input.resize", input.resize(), "opencv-inter-area");
        requireValue(where, "input.scaling", input.scaling(), "minmax-0-255");
        if (output != null && output.channels() != 0 && output.channels() != 1) {
            throw new ModelException(where + "output.channels " + output.channels() + " unsupported (1 expected)");
        }
        if (output != null && output.activation() != null && !"sigmoid".equals(output.activation())) {
            throw new ModelException(where + "output.activation \"" + output.activation()
                    + "\" unsupported (engines expect probabilities, \"sigmoid\")");
        }
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new ModelException(where + "threshold " + threshold + " outside (0, 1)");
        }
    }

    private static void requireValue(String where, String field, String actual, String expected) throws ModelException {
        if (actual != null && !expected.equals(actual)) {
            throw new ModelException(where + field + " \"" + actual + "\" unsupported (\"" + expected + "\" expected)");
        }
    }

    /** Card threshold, or 0.5 when the card has none. */
    public double thresholdOrDefault() {
        return threshold == null ? DEFAULT_THRESHOLD : threshold;
    }

    public int inputWidth() {
        return input.width();
    }

    public int inputHeight() {
        return input.height();
    }

    public String onnxInputName() {
        return artifacts != null && artifacts.onnx() != null && artifacts.onnx().inputName() != null
                ? artifacts.onnx().inputName() : "input";
    }

    public String onnxOutputName() {
        return artifacts != null && artifacts.onnx() != null && artifacts.onnx().outputName() != null
                ? artifacts.onnx().outputName() : "prob";
    }

    /** Tensor shapes by name, in card order. */
    public Map<String, int[]> tensorShapes() {
        Map<String, int[]> m = new java.util.LinkedHashMap<>();
        if (tensors != null) {
            for (TensorSpec t : tensors) {
                m.put(t.name(), t.shape());
            }
        }
        return m;
    }
}
