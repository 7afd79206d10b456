package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.io.PngCheck;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.testsupport.FakeEngine;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageRecordCsv;
import org.dermaseg.inference.report.ImageRecordCsvTest;

class BatchRunnerTest {
    private static final String[] SAMPLES = {"IMD002", "IMD027", "IMD057"};

    @TempDir
    Path tmp;
    Path in;
    Path gt;
    Path out;
    FakeEngine engine;
    Segmenter segmenter;

    @BeforeEach
    void setUp() throws Exception {
        in = tmp.resolve("in");
        gt = tmp.resolve("gt");
        out = tmp.resolve("out");
        Path samples = RepoPaths.root().resolve("assets/samples");
        for (String id : SAMPLES) {
            FakeEngine.copy(samples.resolve("images/" + id + ".png"), in.resolve(id + ".png"));
            FakeEngine.copy(samples.resolve("masks/" + id + "_lesion.png"), gt.resolve(id + "_lesion.png"));
        }
        // a file with an image name and garbage inside
        Files.writeString(in.resolve("corrupt.png"), "this is not a PNG", StandardCharsets.US_ASCII);
        engine = new FakeEngine(0);
        segmenter = FakeEngine.segmenter(tmp.resolve("model"), engine);
    }

    @AfterEach
    void tearDown() {
        segmenter.close();
    }

    private BatchOptions options() {
        return BatchOptions.of(in, out).withGroundTruth(gt).withWorkers(2);
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = ImageRecordCsvTest.split(lines.get(0));
        assertEquals(ImageRecordCsv.HEADER, header);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = ImageRecordCsvTest.split(line);
            assertEquals(header.size(), cells.size(), line);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), cells.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, String> byPath(List<Map<String, String>> rows, String path) {
        return rows.stream().filter(r -> r.get("path").equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + path + " in " + rows));
    }

    @Test
    void goodFilesAreProcessedAndTheCorruptOneIsListedWithItsReason() throws Exception {
        List<String> failures = new ArrayList<>();
        long[] started = {-1};
        BatchSummary s = new BatchRunner(segmenter, options(), new BatchListener() {
            @Override
            public void started(long total) {
                started[0] = total;
            }

            @Override
            public void fileFailed(Path path, String reason, ImageRecord report) {
                failures.add(path.getFileName() + ": " + reason);
            }
        }).run();

        assertEquals(4, started[0]);
        assertEquals(4, s.listed());
        assertEquals(3, s.ok());
        assertEquals(1, s.failed());
        assertFalse(s.allGood(), "a failed input must make the batch not-all-good (exit status 2)");
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).startsWith("corrupt.png: "), failures.get(0));

        GroundTruthLoader reader = new GroundTruthLoader();
        List<Map<String, String>> rows = csv(out.resolve("report.csv"));
        assertEquals(4, rows.size());
        for (String id : SAMPLES) {
            Path mask = out.resolve(id + "_segmentation.png");
            int[] size = PngCheck.completePngSize(mask);
            assertNotNull(size, "mask of " + id);
            BinaryMask written = reader.load(mask);
            BinaryMask truth = reader.load(gt.resolve(id + "_lesion.png"));
            assertEquals(truth.width(), size[0]);
            assertEquals(truth.height(), size[1]);
            Map<String, String> row = byPath(rows, id + ".png");
            assertEquals("ok", row.get("status"));
            assertEquals(Long.toString(written.area()), row.get("lesion_area_px"));
            assertEquals("fake", row.get("engine"));
            // the reported Dice is the Dice of the files on disk, recomputed independently here
            double dice = MaskMetrics.dice(Confusion.of(written.data(), truth.data()));
            assertEquals(dice, Double.parseDouble(row.get("dice")), 1e-6, id);
            assertTrue(row.get("ground_truth").endsWith(id + "_lesion.png"));
        }
        Map<String, String> bad = byPath(rows, "corrupt.png");
        assertEquals("failed", bad.get("status"));
        assertTrue(bad.get("reason").contains("corrupt.png"), bad.get("reason"));
        assertFalse(Files.exists(out.resolve("corrupt_segmentation.png")));

        assertNotNull(s.metrics());
        assertEquals(3, s.metrics().images());
        long pooledTp = rows.stream().filter(r -> !r.get("paper_tp").isEmpty())
                .mapToLong(r -> Long.parseLong(r.get("paper_tp"))).sum();
        assertEquals(pooledTp, s.metrics().paperPooled().tp(), "summary pools the rows' paper matrices");

        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(4, json.get("images").size());
        assertEquals(1, json.get("summary").get("failed").asInt());
        assertEquals(3, json.get("summary").get("metrics").get("images").asInt());
        assertEquals(s.metrics().paper().dice(), json.get("summary").get("metrics").get("paper").get("dsc").asDouble(),
                1e-12);
        assertNoTemporaries(out);
    }

    /** A 50x40 image of one grey. */
    private static void writeUniformGrey(Path p) {
        try (MatScope mats = new MatScope()) {
            Imgcodecs.imwrite(p.toString(), mats.add(new Mat(40, 50, CvType.CV_8UC3, new Scalar(90, 90, 90))));
        }
    }

    @Test
    void engineFailureOnOneImageDoesNotStopTheBatch() throws Exception {
        // uniform image: min-max scaling gives an all-zero tensor, which the fake engine rejects
        writeUniformGrey(in.resolve("blank.png"));
        BatchSummary s = new BatchRunner(segmenter, options(), null).run();
        assertEquals(3, s.ok());
        assertEquals(2, s.failed());
        Map<String, String> blank = byPath(csv(out.resolve("report.csv")), "blank.png");
        assertTrue(blank.get("reason").contains("blank image"), blank.get("reason"));
    }

    @Test
    void anEngineThatPrefersBatchesGetsThemWithTheSameMasksAndABadImageFailsOnlyItself() throws Exception {
        writeUniformGrey(in.resolve("blank.png"));
        for (int copy = 0; copy < 3; copy++) {
            for (String id : SAMPLES) {
                FakeEngine.copy(in.resolve(id + ".png"), in.resolve(id + "-" + copy + ".png"));
            }
        }
        BatchSummary one = new BatchRunner(segmenter, options(), null).run();
        assertTrue(engine.batchSizes.stream().allMatch(b -> b == 1), engine.batchSizes.toString());
        List<Map<String, String>> single = csv(out.resolve("report.csv"));

        // the first run is slow: the decoded images pile up and the next runs take up to 4 at once
        FakeEngine batching = new FakeEngine(0, 4, 500);
        try (Segmenter s = FakeEngine.segmenter(tmp.resolve("model4"), batching)) {
            Path out4 = tmp.resolve("out4");
            BatchSummary four = new BatchRunner(s, BatchOptions.of(in, out4).withGroundTruth(gt).withWorkers(2), null).run();
            assertEquals(one.ok(), four.ok());
            assertEquals(2, four.failed(), "the corrupt file and the blank image, nothing else");
            assertTrue(batching.batchSizes.stream().anyMatch(b -> b > 1), batching.batchSizes.toString());
            assertTrue(batching.batchSizes.stream().allMatch(b -> b <= 4), batching.batchSizes.toString());
            List<Map<String, String>> batched = csv(out4.resolve("report.csv"));
            for (Map<String, String> row : single) {
                Map<String, String> other = byPath(batched, row.get("path"));
                assertEquals(row.get("status"), other.get("status"), row.get("path"));
                assertEquals(row.get("lesion_area_px"), other.get("lesion_area_px"), row.get("path"));
            }
            assertTrue(byPath(batched, "blank.png").get("reason").contains("blank image"));
        }
    }

    @Test
    void resumeSkipsFinishedOutputsAndRedoesDamagedOnes() throws Exception {
        new BatchRunner(segmenter, options(), null).run();
        Path done = out.resolve("IMD002_segmentation.png");
        Path damaged = out.resolve("IMD027_segmentation.png");
        Path missing = out.resolve("IMD057_segmentation.png");
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(done, old);
        byte[] full = Files.readAllBytes(damaged);
        Files.write(damaged, java.util.Arrays.copyOf(full, full.length / 2)); // as if cut short by a crash
        Files.delete(missing);
        int callsBefore = engine.calls.get();

        BatchSummary s = new BatchRunner(segmenter, options().withResume(true), null).run();

        assertEquals(1, s.skipped());
        assertEquals(2, s.ok());
        assertEquals(1, s.failed()); // corrupt.png again
        assertEquals(2, engine.calls.get() - callsBefore, "only the damaged and the missing output are inferred");
        assertEquals(old, Files.getLastModifiedTime(done), "finished output untouched");
        assertTrue(PngCheck.isCompletePng(damaged));
        assertTrue(PngCheck.isCompletePng(missing));
        Map<String, String> skippedRow = byPath(csv(out.resolve("report.csv")), "IMD002.png");
        assertEquals("skipped", skippedRow.get("status"));
        assertFalse(skippedRow.get("dice").isEmpty(), "resumed rows are still scored from the existing mask");
        assertEquals(3, s.metrics().images());
    }

    @Test
    void existingOutputsAreNeverOverwrittenWithoutTheFlag() throws Exception {
        new BatchRunner(segmenter, options(), null).run();
        // a second plain run refuses at once: the reports of the first run exist
        BatchException e = assertThrows(BatchException.class, () -> new BatchRunner(segmenter, options(), null).run());
        assertTrue(e.isUsage());
        assertTrue(e.getMessage().contains("--resume") && e.getMessage().contains("--overwrite"), e.getMessage());

        // without reports, each existing mask fails its image and is left alone; the batch goes on
        Files.delete(out.resolve("report.csv"));
        Files.delete(out.resolve("report.json"));
        Path mask = out.resolve("IMD002_segmentation.png");
        byte[] marker = MaskPng.encode(new BinaryMask(2, 2, new byte[] {1, 0, 0, 1}), false);
        Files.write(mask, marker);
        BatchSummary s = new BatchRunner(segmenter, options(), null).run();
        assertEquals(0, s.ok());
        assertEquals(4, s.failed());
        assertArrayEquals(marker, Files.readAllBytes(mask));
        Map<String, String> row = byPath(csv(out.resolve("report.csv")), "IMD002.png");
        assertEquals("IMD002_segmentation.png exists; use --resume or --overwrite", row.get("reason"));

        BatchSummary again = new BatchRunner(segmenter, options().withOverwrite(true), null).run();
        assertEquals(3, again.ok());
        assertFalse(java.util.Arrays.equals(marker, Files.readAllBytes(mask)), "--overwrite replaced it");
        assertNoTemporaries(out);
    }

    @Test
    void cancellationStopsEarlyAndStillWritesTheReport() throws Exception {
        for (int i = 0; i < 12; i++) {
            FakeEngine.copy(in.resolve("IMD002.png"), in.resolve("copy" + i + ".png"));
        }
        segmenter.close();
        engine = new FakeEngine(150);
        segmenter = FakeEngine.segmenter(tmp.resolve("model2"), engine);
        BatchRunner[] runner = new BatchRunner[1];
        runner[0] = new BatchRunner(segmenter, options().withWorkers(1), new BatchListener() {
            @Override
            public void fileDone(ImageRecord report) {
                runner[0].cancel();
            }
        });
        BatchSummary s = runner[0].run();
        assertTrue(s.cancelled());
        assertFalse(s.allGood());
        assertEquals(16, s.listed());
        assertTrue(s.ok() >= 1 && s.ok() < 8, "ok " + s.ok());
        assertTrue(s.notReached() > 0);
        assertEquals(s.listed(), s.ok() + s.failed() + s.skipped() + s.notReached());
        assertTrue(engine.calls.get() < 16, "calls " + engine.calls.get());
        List<Map<String, String>> rows = csv(out.resolve("report.csv"));
        assertEquals(s.ok() + s.failed(), rows.size());
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(json.get("summary").get("cancelled").asBoolean());
        assertNoTemporaries(out);
    }

    @Test
    void shardsCoverTheFolderExactlyOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            FakeEngine.copy(in.resolve("IMD027.png"), in.resolve("extra" + i + ".png"));
        }
        Set<String> seen = new HashSet<>();
        int rows = 0;
        for (int i = 1; i <= 3; i++) {
            BatchOptions o = options().withShard(new Shard(i, 3));
            BatchSummary s = new BatchRunner(segmenter, o, null).run();
            Path report = out.resolve("report-shard-" + i + "-of-3.csv");
            assertTrue(Files.exists(report));
            for (Map<String, String> r : csv(report)) {
                assertTrue(seen.add(r.get("path")), "listed twice: " + r.get("path"));
                rows++;
            }
            assertEquals(s.listed(), csv(report).size());
        }
        assertEquals(9, rows);
        assertEquals(9, seen.size());
        assertFalse(Files.exists(out.resolve("report.csv")));
    }

    @Test
    void recursiveMirrorsSubfoldersAndSkipsItsOwnOutputInsideTheInput() throws Exception {
        FakeEngine.copy(in.resolve("IMD002.png"), in.resolve("site/a/IMD002.png"));
        Path inner = in.resolve("results"); // output folder inside the input folder
        BatchOptions o = BatchOptions.of(in, inner).withGroundTruth(gt).withWorkers(2).withRecursive(true);
        BatchSummary s = new BatchRunner(segmenter, o, null).run();
        assertEquals(4, s.ok());
        assertTrue(PngCheck.isCompletePng(inner.resolve("site/a/IMD002_segmentation.png")));
        // mirrored subfolder has no GT subfolder: the flat GT folder is used
        Map<String, String> row = byPath(csv(inner.resolve("report.csv")), "site/a/IMD002.png");
        assertFalse(row.get("dice").isEmpty());
        BatchSummary again = new BatchRunner(segmenter, o.withResume(true), null).run();
        assertEquals(5, again.listed(), "the outputs under in/results are not read back as inputs");

        BatchSummary flat = new BatchRunner(segmenter, BatchOptions.of(in, tmp.resolve("flat")).withWorkers(1), null)
                .run();
        assertEquals(4, flat.listed());
    }

    @Test
    void overlaysAreWrittenAtImageSize() throws Exception {
        BatchSummary s = new BatchRunner(segmenter, options().withOverlays(true), null).run();
        assertEquals(3, s.ok());
        for (String id : SAMPLES) {
            int[] overlay = PngCheck.completePngSize(out.resolve(id + "_overlay.png"));
            int[] mask = PngCheck.completePngSize(out.resolve(id + "_segmentation.png"));
            assertNotNull(overlay, id);
            assertArrayEquals(mask, overlay);
        }
        assertEquals("IMD002_overlay.png", byPath(csv(out.resolve("report.csv")), "IMD002.png").get("overlay"));
    }

    @Test
    void withoutAnOutputFolderNothingIsWrittenButEverythingIsScored() throws Exception {
        List<ImageRecord> done = new ArrayList<>();
        BatchOptions o = BatchOptions.of(in, null).withGroundTruth(gt).withWorkers(2);
        BatchSummary s = new BatchRunner(segmenter, o, new BatchListener() {
            @Override
            public void fileDone(ImageRecord report) {
                done.add(report);
            }
        }).run();
        assertEquals(3, s.ok());
        assertEquals(3, s.metrics().images());
        assertEquals(3, done.size());
        assertTrue(done.stream().allMatch(ImageRecord::hasMetrics));
        assertNull(s.reportCsv());
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(in)) {
            assertEquals(4, files.count(), "nothing written next to the inputs");
        }
    }

    @Test
    void wrongSizeGroundTruthFailsTheImageButKeepsItsMask() throws Exception {
        Files.copy(gt.resolve("IMD027_lesion.png"), gt.resolve("IMD002_lesion.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING); // IMD027's 765x574 mask for the 765x572 IMD002
        BinaryMask m27 = new GroundTruthLoader().load(gt.resolve("IMD027_lesion.png"));
        assertFalse(m27.width() == 765 && m27.height() == 572, "fixture: IMD027's mask must differ in size from IMD002");
        BatchSummary s = new BatchRunner(segmenter, options(), null).run();
        assertEquals(2, s.ok());
        assertEquals(2, s.failed());
        Map<String, String> row = byPath(csv(out.resolve("report.csv")), "IMD002.png");
        assertEquals("failed", row.get("status"));
        assertTrue(row.get("reason").startsWith("ground truth unusable"), row.get("reason"));
        assertTrue(row.get("reason").contains("765x572"), row.get("reason"));
        assertTrue(PngCheck.isCompletePng(out.resolve("IMD002_segmentation.png")));
        assertEquals(2, s.metrics().images());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        BatchException missing = assertThrows(BatchException.class,
                () -> new BatchRunner(segmenter, BatchOptions.of(tmp.resolve("nope"), out), null).run());
        assertTrue(missing.isUsage());
        BatchException noGt = assertThrows(BatchException.class,
                () -> new BatchRunner(segmenter, options().withGroundTruth(tmp.resolve("nogt")), null).run());
        assertTrue(noGt.isUsage());
        assertThrows(IllegalArgumentException.class, () -> options().withResume(true).withOverwrite(true));
        assertThrows(IllegalArgumentException.class, () -> options().withWorkers(0));
    }

    private static void assertNoTemporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> temps = s.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList();
            assertEquals(List.of(), temps);
        }
    }
}
