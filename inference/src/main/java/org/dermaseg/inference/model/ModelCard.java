package org.dermaseg.inference.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A model card {@code <id>.card.json} (schema in docs/architecture.md, how to add a model in docs/models.md).
 * Unknown fields are ignored so that the exporter can add facts without breaking older readers.
 *
 * <p>{@code id} names the model everywhere (CLI {@code --model-id}, preferences, reports); a card without one
 * takes it from its file name ({@code <id>.card.json}), so cards written before ids existed keep loading.
 * {@code architecture.type} says which network the weights are for; a card without one names its id.
 * {@code default: true} marks the model used when none is chosen.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(String id, String name, String version, String paper, boolean trained, Input input,
                        Output output, Double threshold, Architecture architecture, Long parameters, Double gflops,
                        Artifacts artifacts, List<TensorSpec> tensors, JsonNode training, JsonNode metrics,
                        @JsonProperty("default") boolean defaultModel) {

    public static final double DEFAULT_THRESHOLD = 0.5;
    /** The file name ending every card has; what precedes it is the id of a card without one. */
    public static final String FILE_SUFFIX = ".card.json";
    /** Ids appear in file names, preferences and command lines: lower-case letters, digits, '.', '_', '-'. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(int width, int height, int channels, String channelOrder, String layout, String resize,
                        String scaling) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(String activation, int channels) {
    }

    /**
     * The network the weights are for: its {@code type} and the type's own parameters, kept as JSON because
     * each architecture has different ones; its network reads them with {@link #parameters(Class)}.
     */
    public record Architecture(String type, ObjectNode fields) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Architecture of(ObjectNode node) {
            JsonNode t = node.get("type");
            return new Architecture(t != null && t.isTextual() ? t.asText() : null, node.deepCopy());
        }

        /** The parameters as the network's own record (fields it does not know are ignored). */
        public <T> T parameters(Class<T> type) throws ModelException {
            try {
                return MAPPER.treeToValue(fields, type);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new ModelException("model card architecture (type \"" + type() + "\") does not fit "
                        + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }
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

    /** Reads a card file; a card without {@code id} takes the file name's part before {@value #FILE_SUFFIX}. */
    public static ModelCard read(Path path) throws ModelException {
        ModelCard card;
        try (InputStream in = Files.newInputStream(path)) {
            card = parse(in, path.toString());
        } catch (IOException e) {
            throw new ModelException("cannot read model card " + path + ": " + e.getMessage(), e);
        }
        if (card.id() != null) {
            return card;
        }
        String file = path.getFileName().toString();
        String derived = file.endsWith(FILE_SUFFIX) ? file.substring(0, file.length() - FILE_SUFFIX.length()) : null;
        if (derived == null || !ID.matcher(derived).matches()) {
            throw new ModelException("model card " + path + " has no \"id\" and its file name gives none (<id>"
                    + FILE_SUFFIX + ", id of lower-case letters, digits, '.', '_', '-')");
        }
        return card.withId(derived);
    }

    private ModelCard withId(String newId) {
        return new ModelCard(newId, name, version, paper, trained, input, output, threshold, architecture, parameters,
                gflops, artifacts, tensors, training, metrics, defaultModel);
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
        if (id != null && !ID.matcher(id).matches()) {
            throw new ModelException(where + "id \"" + id + "\" unsupported (lower-case letters, digits, '.', '_', '-')");
        }
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

    /** The network these weights are for: {@code architecture.type}, else the card's id (cards before types). */
    public String architectureType() {
        return architecture != null && architecture.type() != null ? architecture.type() : id;
    }

    /** "name version" for messages and reports. */
    public String displayName() {
        return (name != null ? name : id) + (version != null ? " " + version : "");
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
