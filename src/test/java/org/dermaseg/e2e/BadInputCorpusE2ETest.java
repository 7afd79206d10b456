package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.inference.io.PngCheck;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.MatScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.dermaseg.testsupport.RepoPaths;

/**
 * The bad-input corpus ({@link BadInputCorpus}, generated here) in one real batch: the fat jar, started as
 * a separate process, over a folder with every bad file next to good ones, with ground truth for some.
 * Each row of the README's bad-input table is one test method below, asserting the row's status and
 * one-line reason in {@code report.json} and what was (or was not) written.
 *
 * <p>The batch runs without root's override of permission bits ({@link CliProcess#unprivileged}: as
 * user nobody when the tests run as root, as in CI), so the unreadable file is genuinely unreadable.
 */
class BadInputCorpusE2ETest {
    @TempDir
    static Path tmp;

    static BadInputCorpus corpus;
    static Path out;
    static CliProcess.Run run;
    static JsonNode report;
    static final Map<String, JsonNode> ROWS = new TreeMap<>();

    @BeforeAll
    static void runTheBatchOnce() throws Exception {
        Path model = RepoPaths.root().resolve("model");
        CliProcess cli = CliProcess.unprivileged(tmp.resolve("tool"), model);
        corpus = new BadInputCorpus(tmp).writeAll();
        corpus.writeSymlinkLoop();
        CliProcess.openUp(tmp);
        corpus.writeUnreadable(); // after openUp, which would make it readable again
        out = tmp.resolve("out");
        run = cli.run(tmp, tmp.resolve("logs"), 120, "batch", corpus.in.toString(), "-o", out.toString(),
                "--gt", corpus.gt.toString(), "--recursive", "--engine", "onnx", "--workers", "2",
                "--model", CliProcess.modelFor(tmp.resolve("tool"), model).toString());
        Path json = out.resolve("report.json");
        assertTrue(Files.isRegularFile(json), "no report.json; " + run.all());
        report = new ObjectMapper().readTree(json.toFile());
        for (JsonNode row : report.get("images")) {
            JsonNode before = ROWS.put(row.get("path").asText(), row);
            assertTrue(before == null, "two rows for " + row.get("path"));
        }
    }

    private static JsonNode row(String path) {
        JsonNode r = ROWS.get(path);
        assertNotNull(r, "no report row for " + path + "; rows: " + ROWS.keySet());
        return r;
    }

    private static String reason(JsonNode r) {
        return r.get("reason").isNull() ? null : r.get("reason").asText();
    }

    /** Processed: status ok, no reason, a complete mask PNG of the image's (oriented) size. */
    private static Path assertOk(String path, int width, int height) {
        JsonNode r = row(path);
        assertEquals("ok", r.get("status").asText(), r.toString());
        assertNull(reason(r), r.toString());
        assertEquals(width, r.get("width").asInt(), r.toString());
        assertEquals(height, r.get("height").asInt(), r.toString());
        Path mask = out.resolve(r.get("mask").asText());
        assertArrayEquals(new int[] {width, height}, PngCheck.completePngSize(mask), "mask " + mask);
        return mask;
    }

    /** Refused: status failed, a one-line reason containing {@code fragment}, no mask written for it. */
    private static void assertRefused(String path, String fragment) {
        JsonNode r = row(path);
        assertEquals("failed", r.get("status").asText(), r.toString());
        String why = reason(r);
        assertNotNull(why, r.toString());
        assertTrue(why.contains(fragment), "reason of " + path + " lacks '" + fragment + "': " + why);
        assertFalse(why.contains("\n") || why.contains("\tat "), "one line, no stack trace: " + why);
        assertTrue(r.get("mask").isNull(), r.toString());
        String stem = path.replaceAll("\\.[^./]+$", "");
        assertFalse(Files.exists(out.resolve(stem + "_segmentation.png")), "a mask was written for " + path);
    }

    private static void assertNull(Object o, String message) {
        assertEquals(null, o, message);
    }

    private static byte[] bytes(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    private static double dice(String path) {
        JsonNode m = row(path).get("metrics");
        assertFalse(m.isNull(), "no metrics for " + path);
        return m.get("native").get("dice").asDouble();
    }

    // ------------------------------------------------------------------ the batch as a whole

    @Test
    void exitCodeTwoAndEveryFileHasExactlyOneRow() {
        assertEquals(2, run.code(), run.all());
        Set<String> expected = new TreeSet<>(Set.of("good.png", "deep16.png", "rgba-transparent.png", "grey.png",
                "grey-as-rgb.png", "cmyk.jpg", "one-pixel.png", "exif-rotated.jpg", BadInputCorpus.NON_ASCII,
                "gt-wrong-size.png", "gt-anti-aliased.png", "gt-hard.png", "gt-no-lesion.png", "loop/inside.png",
                "empty.jpg", "truncated-jpeg.jpg", "truncated-png.png", "text.jpg", "wrong-crc.png", "bomb-png.png",
                "bomb-jpeg.jpg", "unreadable.png", "broken-link.png", "loop/back"));
        assertEquals(expected, ROWS.keySet());
        JsonNode s = report.get("summary");
        assertEquals(24, s.get("listed").asInt());
        assertEquals(13, s.get("ok").asInt(), s.toString());
        assertEquals(11, s.get("failed").asInt(), s.toString());
        assertFalse(s.get("cancelled").asBoolean());
        assertTrue(run.out().contains("13 ok, 11 failed"), run.out());
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws IOException {
        try (var files = Files.walk(out)) {
            assertEquals(java.util.List.of(), files.filter(f -> f.getFileName().toString().endsWith(".dermaseg-tmp")).toList());
        }
    }

    // ------------------------------------------------------------------ processed

    @Test
    void goodImage() {
        assertOk("good.png", BadInputCorpus.W, BadInputCorpus.H);
        assertTrue(dice("good.png") > 0.8, "IMD002 against its expert mask: " + dice("good.png"));
    }

    @Test
    void sixteenBitPngGivesTheSameMaskAsItsEightBitOriginal() throws IOException {
        Path mask = assertOk("deep16.png", BadInputCorpus.W, BadInputCorpus.H);
        assertArrayEquals(bytes(out.resolve("good_segmentation.png")), bytes(mask), "v*257 then /257 is exact");
    }

    @Test
    void rgbaWithTransparencyIsSegmentedOnItsColoursAlphaIgnored() throws IOException {
        Path mask = assertOk("rgba-transparent.png", BadInputCorpus.W, BadInputCorpus.H);
        assertArrayEquals(bytes(out.resolve("good_segmentation.png")), bytes(mask));
    }

    @Test
    void greyscaleIsReadAsThreeEqualChannels() throws IOException {
        Path grey = assertOk("grey.png", BadInputCorpus.W, BadInputCorpus.H);
        Path rgb = assertOk("grey-as-rgb.png", BadInputCorpus.W, BadInputCorpus.H);
        assertArrayEquals(bytes(rgb), bytes(grey));
    }

    @Test
    void cmykJpeg() {
        assertOk("cmyk.jpg", 32, 16);
    }

    @Test
    void onePixelImage() {
        assertOk("one-pixel.png", 1, 1);
    }

    @Test
    void exifRotatedJpegGetsAMaskInDisplayOrientation() {
        // stored 765x572 with orientation 6 (rotate 90 degrees clockwise): shown, and masked, as 572x765
        assertOk("exif-rotated.jpg", BadInputCorpus.H, BadInputCorpus.W);
    }

    @Test
    void nonAsciiAndSpacesInTheName() throws IOException {
        Path mask = assertOk(BadInputCorpus.NON_ASCII, BadInputCorpus.W, BadInputCorpus.H);
        assertEquals("naïve lésion 01_segmentation.png", mask.getFileName().toString());
        assertArrayEquals(bytes(out.resolve("good_segmentation.png")), bytes(mask));
        assertTrue(Files.readString(out.resolve("report.csv")).contains("naïve lésion 01.png"), "CSV is UTF-8");
    }

    @Test
    void imageInsideTheFolderWithTheLoopIsProcessed() {
        assertOk("loop/inside.png", BadInputCorpus.W, BadInputCorpus.H);
    }

    // ------------------------------------------------------------------ refused

    @Test
    void zeroByteFile() {
        assertRefused("empty.jpg", "empty file (0 bytes)");
    }

    @Test
    void truncatedJpeg() {
        assertRefused("truncated-jpeg.jpg", "truncated JPEG (no end-of-image marker)");
    }

    @Test
    void truncatedPng() {
        assertRefused("truncated-png.png", "truncated PNG (file ends before the IEND chunk)");
    }

    @Test
    void textFileNamedJpg() {
        assertRefused("text.jpg", "not a JPEG, PNG, BMP or TIFF image (file starts with text \"Patient ");
    }

    @Test
    void pngWithAWrongCrc() {
        assertRefused("wrong-crc.png", "could not decode PNG data (damaged file or unsupported PNG variant)");
    }

    @Test
    void decompressionBombPngHeader() {
        assertRefused("bomb-png.png", "60000x60000 = 3600.0 MP exceeds the limit of 100.0 MP (refused before decoding)");
    }

    @Test
    void decompressionBombJpegFrame() {
        assertRefused("bomb-jpeg.jpg", "65000x65000 = 4225.0 MP exceeds the limit of 100.0 MP (refused before decoding)");
    }

    @Test
    void unreadableFile() {
        assertRefused("unreadable.png", "permission denied");
    }

    @Test
    void brokenSymbolicLink() {
        assertRefused("broken-link.png", "broken symbolic link");
    }

    @Test
    void symbolicLinkLoopIsNotFollowed() {
        assertRefused("loop/back", "symbolic link loop: leads back to ");
        assertTrue(reason(row("loop/back")).endsWith("; not followed"), reason(row("loop/back")));
    }

    // ------------------------------------------------------------------ ground truth

    @Test
    void groundTruthOfTheWrongSizeFailsTheRowButKeepsTheMask() {
        JsonNode r = row("gt-wrong-size.png");
        assertEquals("failed", r.get("status").asText());
        assertTrue(reason(r).startsWith("ground truth unusable: "), reason(r));
        assertTrue(reason(r).contains("ground truth is 100x80 but the image is 765x572"), reason(r));
        assertTrue(r.get("metrics").isNull(), "no metrics from a mismatched mask");
        Path mask = out.resolve(r.get("mask").asText());
        assertArrayEquals(new int[] {BadInputCorpus.W, BadInputCorpus.H}, PngCheck.completePngSize(mask));
    }

    @Test
    void antiAliasedGroundTruthIsCutAtHalfGrey() {
        try (MatScope mats = new MatScope()) {
            Mat soft = mats.add(Imgcodecs.imread(corpus.gt.resolve("gt-anti-aliased_segmentation.png").toString(),
                    Imgcodecs.IMREAD_GRAYSCALE));
            Mat between = mats.add(new Mat());
            Core.inRange(soft, new org.opencv.core.Scalar(1), new org.opencv.core.Scalar(254), between);
            assertTrue(Core.countNonZero(between) > 1000, "the corpus mask really is anti-aliased");
        }

        assertOk("gt-anti-aliased.png", BadInputCorpus.W, BadInputCorpus.H);
        assertOk("gt-hard.png", BadInputCorpus.W, BadInputCorpus.H);
        // the same prediction scored against the soft mask and against it cut at >= 128 by hand
        assertEquals(dice("gt-hard.png"), dice("gt-anti-aliased.png"), 0.0);
        assertEquals(row("gt-hard.png").get("metrics").get("native").get("tp").asLong(),
                row("gt-anti-aliased.png").get("metrics").get("native").get("tp").asLong());
        assertTrue(dice("gt-anti-aliased.png") > 0.8, "" + dice("gt-anti-aliased.png"));
    }

    @Test
    void groundTruthWithoutLesionIsScoredByTheDocumentedConvention() {
        assertOk("gt-no-lesion.png", BadInputCorpus.W, BadInputCorpus.H);
        JsonNode m = row("gt-no-lesion.png").get("metrics").get("native");
        assertEquals(0, m.get("tp").asLong());
        assertEquals(0, m.get("fn").asLong());
        assertTrue(m.get("fp").asLong() > 0, "the model does see a lesion in IMD002");
        assertEquals(0.0, m.get("dice").asDouble(), 0.0, "prediction non-empty, truth empty: Dice 0");
        assertTrue(m.get("sensitivity").isNull(), "sensitivity undefined without lesion pixels: " + m);
        assertTrue(m.get("specificity").isNumber());
    }

    // ------------------------------------------------------------------ outside the batch

    /**
     * Under a locale whose character set cannot encode the name (LC_ALL=C), Java cannot open the file;
     * the row says so and how to fix it, and the batch goes on.
     */
    @Test
    void nonAsciiNameUnderANonUtf8LocaleIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(corpus.in.resolve("good.png"), in.resolve(BadInputCorpus.NON_ASCII));
        Files.copy(corpus.in.resolve("good.png"), in.resolve("plain.png"));
        CliProcess.Run r = CliProcess.plain().withEnv(Map.of("LC_ALL", "C", "LANG", "C")).run(dir, dir.resolve("logs"),
                120, "batch", in.toString(), "-o", dir.resolve("out").toString(), "--engine", "onnx",
                "--workers", "1", "--model", RepoPaths.root().resolve("model").toString(), "--json");
        assertEquals(2, r.code(), r.all());
        JsonNode rows = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile()).get("images");
        assertEquals(2, rows.size());
        JsonNode bad = rows.get(0).get("path").asText().equals("plain.png") ? rows.get(1) : rows.get(0);
        JsonNode good = bad == rows.get(0) ? rows.get(1) : rows.get(0);
        assertEquals("failed", bad.get("status").asText());
        assertTrue(bad.get("reason").asText().contains("not representable in this system's character set")
                && bad.get("reason").asText().contains("LANG=C.UTF-8"), bad.toString());
        assertEquals("ok", good.get("status").asText(), good.toString());
    }

    /**
     * Root ignores permission bits: run as root, DermaSeg reads a chmod-000 file like any other (what the
     * README documents). Not as root, the loader refuses it. Either way this asserts what happens here.
     */
    @Test
    void permissionBitsAndRoot(@TempDir Path dir) throws Exception {
        Path locked = Files.copy(corpus.in.resolve("good.png"), dir.resolve("locked.png"));
        Files.setPosixFilePermissions(locked, Set.of());
        ImageLoader loader = new ImageLoader();
        if (CliProcess.isRoot()) {
            assertTrue(Files.isReadable(locked), "root should read a chmod-000 file");
            assertEquals(BadInputCorpus.W, loader.load(locked).width());
        } else {
            ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(locked));
            assertTrue(e.getMessage().endsWith(": permission denied"), e.getMessage());
        }
    }
}
