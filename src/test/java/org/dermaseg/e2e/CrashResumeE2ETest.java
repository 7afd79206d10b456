package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.io.PngCheck;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.image.OpenCvNatives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.dermaseg.testsupport.RepoPaths;

/**
 * Crash safety of {@code batch}: the fat jar, as its own process, is killed with SIGKILL part-way through a
 * folder of 30 images (no shutdown hook runs, nothing is flushed). Every mask it left must be complete and
 * valid, no temporary file may pass for an output, and {@code --resume} must finish the job so that the
 * final set of masks equals a clean, uninterrupted run's byte for byte (same engine: ONNX Runtime, CPU).
 */
class CrashResumeE2ETest {
    private static final int COPIES = 3;
    private static final String MASK_SUFFIX = "_segmentation.png";

    @TempDir
    Path tmp;

    /** One worker for the run that is killed (a slower run is easier to hit mid-way), two for the others. */
    private static List<String> batchArgs(Path in, Path out, int workers, String... extra) {
        List<String> args = new ArrayList<>(List.of("batch", in.toString(), "-o", out.toString(), "--engine", "onnx",
                "--workers", Integer.toString(workers), "--model", RepoPaths.root().resolve("model").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private static TreeMap<String, Path> masks(Path out) throws IOException {
        TreeMap<String, Path> m = new TreeMap<>();
        if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.list(out)) {
                s.filter(p -> p.getFileName().toString().endsWith(MASK_SUFFIX) && !p.getFileName().toString().startsWith("."))
                        .forEach(p -> m.put(p.getFileName().toString(), p));
            }
        }
        return m;
    }

    @Test
    void sigkillMidBatchLeavesOnlyCompleteMasksAndResumeEqualsACleanRun() throws Exception {
        OpenCvNatives.ensureLoaded();
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path samples = RepoPaths.root().resolve("assets/samples/images");
        TreeMap<String, int[]> sizes = new TreeMap<>(); // mask name -> {width, height} of its image
        try (Stream<Path> s = Files.list(samples)) {
            for (Path image : s.sorted().toList()) {
                for (int c = 0; c < COPIES; c++) {
                    String name = "copy" + c + "-" + image.getFileName();
                    Files.copy(image, in.resolve(name));
                    sizes.put(name.replace(".png", MASK_SUFFIX), PngCheck.completePngSize(image));
                }
            }
        }
        assertEquals(30, sizes.size());
        CliProcess cli = CliProcess.plain();

        // 1. start, wait for the first outputs, SIGKILL
        Path out = tmp.resolve("out");
        Process p = cli.start(tmp, tmp.resolve("logs-killed"), batchArgs(in, out, 1).toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && masks(out).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the batch ended before it could be killed (exit " + (p.isAlive() ? "" : p.exitValue())
                + "); " + Files.readString(tmp.resolve("logs-killed/stderr.txt")));
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(128 + 9, p.exitValue(), "killed by SIGKILL");

        // 2. what the killed run left: complete masks, hidden temporaries, no report
        TreeMap<String, Path> left = masks(out);
        assertTrue(left.size() >= 2 && left.size() < sizes.size(), "killed mid-run: " + left.size() + " masks");
        for (var e : left.entrySet()) {
            int[] expected = sizes.get(e.getKey());
            assertNotNull(expected, "unexpected output " + e.getKey());
            assertArrayEquals(expected, PngCheck.completePngSize(e.getValue()), "complete PNG: " + e.getKey());
            try (MatScope mats = new MatScope()) {
                Mat m = mats.add(Imgcodecs.imread(e.getValue().toString(), Imgcodecs.IMREAD_UNCHANGED));
                assertTrue(!m.empty() && m.cols() == expected[0] && m.rows() == expected[1], "decodes: " + e.getKey());
            }
        }
        List<String> others = new ArrayList<>();
        try (Stream<Path> s = Files.list(out)) {
            s.map(f -> f.getFileName().toString()).filter(n -> !left.containsKey(n)).forEach(others::add);
        }
        for (String n : others) {
            assertTrue(n.startsWith(".") && n.endsWith(AtomicFiles.TEMP_SUFFIX),
                    "only hidden temporaries besides complete masks, found " + n);
        }
        assertFalse(Files.exists(out.resolve("report.json")) || Files.exists(out.resolve("report.csv")),
                "a killed run publishes no report");

        // 3. resume: skips what is complete, does the rest
        CliProcess.Run resumed = cli.run(tmp, tmp.resolve("logs-resumed"), 120,
                batchArgs(in, out, 2, "--resume", "--json").toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.all());
        JsonNode summary = new ObjectMapper().readTree(resumed.out()).get("summary");
        assertEquals(sizes.size(), summary.get("listed").asInt());
        assertEquals(left.size(), summary.get("skipped").asInt(), summary.toString());
        assertEquals(sizes.size() - left.size(), summary.get("ok").asInt(), summary.toString());
        assertEquals(0, summary.get("failed").asInt(), summary.toString());
        JsonNode rows = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("images");
        assertEquals(sizes.size(), rows.size(), "temporaries are not rows");

        // 4. a clean run elsewhere; the resumed folder must hold exactly the same masks, byte for byte
        Path clean = tmp.resolve("clean");
        CliProcess.Run cleanRun = cli.run(tmp, tmp.resolve("logs-clean"), 120, batchArgs(in, clean, 2).toArray(String[]::new));
        assertEquals(0, cleanRun.code(), cleanRun.all());
        TreeMap<String, Path> resumedMasks = masks(out);
        TreeMap<String, Path> cleanMasks = masks(clean);
        assertEquals(sizes.keySet(), new TreeSet<>(cleanMasks.keySet()));
        assertEquals(cleanMasks.keySet(), resumedMasks.keySet());
        for (String name : cleanMasks.keySet()) {
            assertArrayEquals(Files.readAllBytes(cleanMasks.get(name)), Files.readAllBytes(resumedMasks.get(name)),
                    "mask " + name + " differs from the clean run's");
        }
    }
}
