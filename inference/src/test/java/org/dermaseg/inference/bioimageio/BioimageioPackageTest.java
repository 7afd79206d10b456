package org.dermaseg.inference.bioimageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.dermaseg.inference.Golden;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.preprocess.Preprocessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The bioimage.io model package that model/bioimageio.py writes (model/bioimageio/ultralight-vmunet), read as a
 * consumer reads it: the rdf.yaml fields of model format 0.5, the files it references with their sha256, the
 * test tensors re-run through ONNX Runtime, and its declared preprocessing against DermaSeg's own.
 * model/tests/test_bioimageio.py checks that the package is the one of the current model card.
 */
class BioimageioPackageTest {
    private static final Path PKG = RepoPaths.root().resolve("model/bioimageio/ultralight-vmunet");
    private static final int SIZE = 256;

    private static JsonNode rdf;
    private static JsonNode card;

    @BeforeAll
    static void load() throws IOException {
        rdf = new YAMLMapper().readTree(PKG.resolve("rdf.yaml").toFile());
        String cardFile = rdf.path("config").path("dermaseg").path("card").asText();
        assertFalse(cardFile.isEmpty(), "rdf.yaml config.dermaseg.card names no model card");
        card = new ObjectMapper().readTree(packageFile(cardFile).toFile());
    }

    @Test
    void describesAModelInFormat05() {
        assertEquals("model", rdf.path("type").asText());
        assertTrue(rdf.path("format_version").isTextual(), "format_version must be a string");
        assertTrue(rdf.path("format_version").asText().matches("0\\.5\\.\\d+"), rdf.path("format_version").asText());
        String name = rdf.path("name").asText();
        // spec: at most 64 characters of letters, digits, underscore, minus, parentheses and spaces
        assertTrue(name.length() <= 64 && name.matches("[A-Za-z0-9_\\-() ]+"), "name: " + name);
        assertFalse(rdf.path("description").asText().isBlank(), "description is empty");
        assertTrue(rdf.path("license").isTextual() && rdf.path("license").asText().matches("[A-Za-z0-9.+\\-]+"),
                "license must be an SPDX identifier: " + rdf.path("license"));

        assertEquals(card.path("version").asText(), rdf.path("version").asText(), "version is the card's");
        assertTrue(rdf.path("version").asText().matches("\\d+\\.\\d+\\.\\d+"), "version is not SemVer");
        Instant stamp = OffsetDateTime.parse(rdf.path("timestamp").asText()).toInstant();
        assertEquals(Instant.parse(card.path("exported").asText()), stamp, "timestamp is the card's export time");

        assertTrue(rdf.path("authors").isArray() && !rdf.path("authors").isEmpty(), "no authors");
        for (JsonNode a : rdf.path("authors")) {
            assertFalse(a.path("name").asText().isBlank(), "author without a name: " + a);
        }
        assertTrue(rdf.path("tags").isArray() && !rdf.path("tags").isEmpty(), "no tags");
        rdf.path("tags").forEach(t -> assertTrue(t.isTextual(), "tag " + t));
    }

    @Test
    void citesThePaperTheTrainingDataAndTheSampleImage() {
        JsonNode cite = rdf.path("cite");
        assertTrue(cite.isArray() && cite.size() >= 3, "cite: " + cite);
        for (JsonNode c : cite) {
            assertFalse(c.path("text").asText().isBlank(), "citation without text: " + c);
            assertTrue(c.has("doi") || c.has("url"), "citation needs a doi or a url: " + c);
            if (c.has("doi")) {
                assertTrue(c.path("doi").asText().matches("10\\.\\d{4,9}/\\S+"), "doi " + c.path("doi"));
            }
            if (c.has("url")) {
                assertTrue(c.path("url").asText().startsWith("https://"), "url " + c.path("url"));
            }
        }
        assertTrue(anyCite(cite, "2403.20035"), "the UltraLight VM-UNet paper (arXiv 2403.20035) is not cited");
        assertTrue(anyCite(cite, "ISIC"), "no ISIC challenge (training data) citation");
        assertTrue(anyCite(cite, "PH2"), "the PH2 database (cover image, test tensors) is not cited");
    }

    @Test
    void documentationAndCoversArePackageFiles() throws IOException {
        String doc = rdf.path("documentation").asText();
        assertTrue(doc.endsWith(".md"), "documentation must be a .md file: " + doc);
        String readme = utf8(packageFile(doc));
        assertTrue(readme.contains("## Validation"), "the spec asks for a Validation section");
        assertTrue(readme.contains("INTER_AREA"), "README must say that the INTER_AREA resize is the consumer's job");
        assertTrue(readme.contains("PH2"), "README must attribute the PH2 image");

        JsonNode covers = rdf.path("covers");
        assertTrue(covers.isArray() && !covers.isEmpty(), "no covers");
        for (JsonNode c : covers) {
            Path png = packageFile(c.asText());
            assertTrue(c.asText().endsWith(".png"), "cover " + c);
            assertTrue(Files.size(png) < 500_000, c + ": the spec asks for covers under 500 KB");
            ByteBuffer ihdr = ByteBuffer.wrap(Files.readAllBytes(png), 16, 8); // PNG IHDR: width, height
            int w = ihdr.getInt();
            int h = ihdr.getInt();
            assertTrue(w == 2 * h || w == h, c + " is " + w + "x" + h + ", the spec asks for 2:1 or 1:1");
        }
    }

    @Test
    void tensorsHaveListsOfTypedAxesWithTheCardsSizes() {
        assertEquals(1, rdf.path("inputs").size(), "one input");
        assertEquals(1, rdf.path("outputs").size(), "one output");
        JsonNode in = rdf.path("inputs").get(0);
        JsonNode out = rdf.path("outputs").get(0);
        assertAxes(in, List.of("red", "green", "blue"));
        assertAxes(out, List.of("lesion"));
        assertEquals(card.path("input").path("width").asInt(), SIZE);
        assertEquals(card.path("input").path("height").asInt(), SIZE);
        assertEquals("float32", in.path("data").path("type").asText());
        assertEquals("float32", out.path("data").path("type").asText());
        assertEquals(List.of(0.0, 1.0), List.of(out.path("data").path("range").get(0).asDouble(),
                out.path("data").path("range").get(1).asDouble()), "probabilities lie in [0, 1]");
        assertEquals(card.path("artifacts").path("onnx").path("inputName").asText(), in.path("id").asText());
        assertEquals(card.path("artifacts").path("onnx").path("outputName").asText(), out.path("id").asText());
    }

    @Test
    void everyReferencedFileMatchesItsSha256() throws IOException {
        List<JsonNode> refs = new ArrayList<>();
        rdf.path("inputs").forEach(t -> refs.add(t.path("test_tensor")));
        rdf.path("outputs").forEach(t -> refs.add(t.path("test_tensor")));
        rdf.path("weights").forEach(refs::add);
        rdf.path("attachments").forEach(refs::add);
        assertEquals(4, refs.size(), "test input, test output, ONNX weights, model card: " + refs);
        Set<String> seen = new HashSet<>();
        for (JsonNode ref : refs) {
            String source = ref.path("source").asText();
            String sha = ref.path("sha256").asText();
            assertTrue(sha.matches("[0-9a-f]{64}"), source + ": sha256 " + sha);
            assertEquals(sha, sha256(packageFile(source)), source + ": sha256 in rdf.yaml differs from the file");
            assertTrue(seen.add(source), source + " referenced twice");
        }
    }

    @Test
    void weightsAreOnnxWithTheCardsOpset() {
        JsonNode weights = rdf.path("weights");
        assertEquals(List.of("onnx"), fieldNames(weights), "only ONNX weights are packaged");
        JsonNode onnx = weights.path("onnx");
        assertTrue(onnx.path("source").asText().endsWith(".onnx"), "weights source " + onnx.path("source"));
        assertTrue(onnx.path("opset_version").isInt(), "opset_version must be an integer");
        assertEquals(card.path("artifacts").path("onnx").path("opset").asInt(), onnx.path("opset_version").asInt());
        assertEquals(17, onnx.path("opset_version").asInt(), "the export's opset");
    }

    @Test
    void testTensorsHaveTheDeclaredShapes() throws IOException {
        assertArrayEquals(new int[] {1, 3, SIZE, SIZE}, testTensor("inputs").shape());
        assertArrayEquals(new int[] {1, 1, SIZE, SIZE}, testTensor("outputs").shape());
    }

    @Test
    void onnxRuntimeReproducesTheTestOutput() throws Exception {
        float[] input = testTensor("inputs").data();
        float[] expected = testTensor("outputs").data();
        // guards the comparison: a package of constant outputs would match a broken model just as well
        assertTrue(countAtLeast(expected, 0.5f) > 1000 && countAtLeast(expected, 0.5f) < expected.length - 1000,
                "test output has no lesion/background structure");

        JsonNode in = rdf.path("inputs").get(0);
        float[] consumerInput = RdfPreprocessing.apply(in.path("preprocessing"), axisIds(in), input);
        try (OrtSession session = openSession()) {
            float[] direct = run(session, input);
            float diff = Golden.maxAbsDiff(direct, expected);
            assertTrue(diff <= 1e-4f, "ONNX Runtime vs test_output: max abs diff " + diff + " > 1e-4");
            // a consumer applies the declared preprocessing to the test input first: same output
            float viaPre = Golden.maxAbsDiff(run(session, consumerInput), expected);
            assertTrue(viaPre <= 1e-4f, "with the declared preprocessing: max abs diff " + viaPre + " > 1e-4");
        }
    }

    @Test
    void declaredPreprocessingGivesTheCardsModelInput() throws Exception {
        JsonNode in = rdf.path("inputs").get(0);
        JsonNode sample = rdf.path("config").path("dermaseg").path("test_sample");
        LoadedImage image = new ImageLoader().load(RepoPaths.root().resolve(sample.path("image").asText()));
        float[] testInput = testTensor("inputs").data();

        // the test input is DermaSeg's preprocessing of the named sample image
        float[] product = new Preprocessor(SIZE, SIZE).toTensor(image);
        float dProduct = Golden.maxAbsDiff(product, testInput);
        assertTrue(dProduct <= 1e-3f, "test_input vs DermaSeg's Preprocessor: " + dProduct);

        // a consumer resizes with INTER_AREA (its job) and applies the declared steps: the same tensor
        float[] resized = resizeAreaChw(image);
        float[] consumer = RdfPreprocessing.apply(in.path("preprocessing"), axisIds(in), resized);
        float dConsumer = Golden.maxAbsDiff(consumer, testInput);
        assertTrue(dConsumer <= 1e-3f, "declared preprocessing of the resized image vs test_input: " + dConsumer);
        assertTrue(Golden.maxAbsDiff(resized, testInput) > 1f, "guard: the raw resized image is not yet scaled");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static void assertAxes(JsonNode tensor, List<String> channelNames) {
        JsonNode axes = tensor.path("axes");
        String id = tensor.path("id").asText();
        assertTrue(axes.isArray() && axes.size() == 4, id + ": axes must be a list of 4 axis objects: " + axes);
        axes.forEach(a -> assertTrue(a.isObject(), id + ": axis " + a + " is not a mapping"));
        assertEquals("batch", axes.get(0).path("type").asText(), id + " axis 0");
        assertFalse(axes.get(0).has("size") && axes.get(0).path("size").asInt() != 1, id + ": batch size is 1 or free");
        assertEquals("channel", axes.get(1).path("type").asText(), id + " axis 1");
        List<String> names = new ArrayList<>();
        axes.get(1).path("channel_names").forEach(n -> names.add(n.asText()));
        assertEquals(channelNames, names, id + " channel_names");
        assertEquals(Map.of("type", "space", "id", "y", "size", SIZE), asMap(axes.get(2)), id + " axis 2");
        assertEquals(Map.of("type", "space", "id", "x", "size", SIZE), asMap(axes.get(3)), id + " axis 3");
    }

    private static Map<String, Object> asMap(JsonNode node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new ObjectMapper().convertValue(node, Map.class);
        return m;
    }

    private static List<String> axisIds(JsonNode tensor) {
        List<String> ids = new ArrayList<>();
        tensor.path("axes").forEach(a -> ids.add(a.path("id").asText(a.path("type").asText())));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean anyCite(JsonNode cite, String needle) {
        for (JsonNode c : cite) {
            if ((c.path("text").asText() + " " + c.path("doi").asText() + " " + c.path("url").asText()).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static Npy testTensor(String side) throws IOException {
        return Npy.read(packageFile(rdf.path(side).get(0).path("test_tensor").path("source").asText()));
    }

    /** A file of the package by its rdf.yaml source: relative, inside the package folder, present. */
    private static Path packageFile(String source) {
        assertFalse(source.isBlank(), "empty source");
        assertFalse(source.contains("://"), source + ": the package must hold its files, not link them");
        Path p = PKG.resolve(source).normalize();
        assertTrue(p.startsWith(PKG), source + " points outside the package");
        assertTrue(Files.isRegularFile(p), source + " is not in " + PKG);
        return p;
    }

    private static String utf8(Path p) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(p))).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(p + " is not UTF-8 (the spec requires it)", e);
        }
    }

    private static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int countAtLeast(float[] x, float t) {
        int n = 0;
        for (float v : x) {
            if (v >= t) {
                n++;
            }
        }
        return n;
    }

    private static OrtSession openSession() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1); // a shared CI machine; one image is fast enough
            OrtSession s = env.createSession(packageFile(rdf.path("weights").path("onnx").path("source").asText())
                    .toString(), opts);
            assertEquals(Set.of(rdf.path("inputs").get(0).path("id").asText()), s.getInputNames(), "ONNX inputs");
            assertEquals(Set.of(rdf.path("outputs").get(0).path("id").asText()), s.getOutputNames(), "ONNX outputs");
            return s;
        }
    }

    private static float[] run(OrtSession session, float[] input) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String inName = rdf.path("inputs").get(0).path("id").asText();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, SIZE, SIZE});
             OrtSession.Result r = session.run(Map.of(inName, t))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    /** The consumer's part: INTER_AREA to 256x256 on the 8-bit RGB image, as float32 CHW values 0..255. */
    private static float[] resizeAreaChw(LoadedImage image) {
        try (MatScope mats = new MatScope()) {
            Mat src = mats.add(new Mat(image.pixelHeight(), image.pixelWidth(), CvType.CV_8UC3));
            Mat dst = mats.add(new Mat());
            src.put(0, 0, image.rgb());
            Imgproc.resize(src, dst, new Size(SIZE, SIZE), 0, 0, Imgproc.INTER_AREA);
            byte[] small = new byte[SIZE * SIZE * 3];
            dst.get(0, 0, small);
            int plane = SIZE * SIZE;
            float[] chw = new float[3 * plane];
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    chw[c * plane + i] = small[3 * i + c] & 0xff;
                }
            }
            return chw;
        }
    }
}
