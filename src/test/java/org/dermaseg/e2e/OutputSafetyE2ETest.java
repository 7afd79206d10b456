package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.io.PngCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.testsupport.RepoPaths;

/**
 * Where the batch may write, and what a folder it cannot write to does to it.
 *
 * <p>A read-only and a full output folder are real file systems: a tmpfs mounted (read-only, or a few
 * kilobytes small) in a private mount namespace of the CLI process only ({@link CliProcess#inTmpfs}),
 * because CI runs as root and root writes into a chmod-555 folder regardless.
 */
class OutputSafetyE2ETest {
    private static final Path ROOT = RepoPaths.root();
    private static final String MODEL = ROOT.resolve("model").toString();

    @TempDir
    Path tmp;

    private Path samples(int n) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        try (Stream<Path> s = Files.list(ROOT.resolve("assets/samples/images"))) {
            for (Path p : s.sorted().limit(n).toList()) {
                Files.copy(p, in.resolve(p.getFileName()));
            }
        }
        return in;
    }

    @Test
    void readOnlyOutputFolderIsAClearFatalErrorAndNothingIsWritten() throws Exception {
        Path in = samples(2);
        Path out = Files.createDirectories(tmp.resolve("read-only"));
        Path left = Files.createDirectories(tmp.resolve("left-on-the-tmpfs"));
        CliProcess.Run r = CliProcess.plain().inTmpfs(out, "ro,size=64k", left).run(tmp, tmp.resolve("logs"), 120,
                "batch", in.toString(), "-o", out.toString(), "--engine", "onnx", "--model", MODEL);
        assertNotEquals(CliProcess.MOUNT_FAILED, r.code(), "could not mount a tmpfs (unshare): " + r.all());
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("dermaseg: fatal: output folder " + out + " is not writable"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        try (Stream<Path> s = Files.list(left)) {
            assertEquals(List.of(), s.toList(), "nothing written");
        }
    }

    @Test
    void fullDiskStopsWithAClearErrorAndLeavesOnlyCompleteMasks() throws Exception {
        Path in = samples(10);
        Path out = Files.createDirectories(tmp.resolve("small-disk"));
        Path left = Files.createDirectories(tmp.resolve("left-on-the-tmpfs"));
        // ten masks need ~60 KB (two 4 KB pages each on tmpfs); 24 KB fills up after two or three
        CliProcess.Run r = CliProcess.plain().inTmpfs(out, "size=24k", left).run(tmp, tmp.resolve("logs"), 120,
                "batch", in.toString(), "-o", out.toString(), "--engine", "onnx", "--workers", "1", "--model", MODEL);
        assertNotEquals(CliProcess.MOUNT_FAILED, r.code(), "could not mount a tmpfs (unshare): " + r.all());
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("dermaseg: fatal: writing the report failed: No space left on device"), r.all());
        assertTrue(r.err().contains("No space left on device"), r.all());
        int masks = 0;
        try (Stream<Path> s = Files.list(left)) {
            for (Path f : s.toList()) {
                String name = f.getFileName().toString();
                assertFalse(name.endsWith(AtomicFiles.TEMP_SUFFIX), "temporary left behind: " + name);
                assertFalse(name.startsWith("report."), "a report of a run that could not finish: " + name);
                assertTrue(name.endsWith("_segmentation.png"), "unexpected file " + name);
                assertNotNull(PngCheck.completePngSize(f), "incomplete mask " + name);
                masks++;
            }
        }
        assertTrue(masks < 10, "the disk was meant to fill up, yet " + masks + " masks fit");
    }

    @Test
    void outputUnderARegularFileIsAClearError() throws Exception {
        Path in = samples(1);
        Path file = Files.writeString(tmp.resolve("notes.txt"), "not a folder");
        CliRunner.Run usage = CliRunner.runMain("batch", in.toString(), "-o", file.toString(), "--model", MODEL);
        assertEquals(1, usage.code(), usage.err());
        assertTrue(usage.err().contains("exists and is not a folder"), usage.err());

        CliRunner.Run fatal = CliRunner.runMain("batch", in.toString(), "-o", file.resolve("out").toString(), "--model", MODEL);
        assertEquals(3, fatal.code(), fatal.out() + fatal.err());
        assertTrue(fatal.err().contains("cannot create output folder " + file.resolve("out")), fatal.err());
        assertEquals("not a folder", Files.readString(file));
    }

    /** Path -> SHA-256 (or link target) of everything under {@code dir} except {@code skip}, links not followed. */
    private static Map<String, String> snapshot(Path dir, Path skip) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> !p.startsWith(skip)).toList()) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(key, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } else {
                    m.put(key, "dir");
                }
            }
        }
        return m;
    }

    /**
     * Inputs reached through symbolic links (a file and a folder living outside the input folder), input
     * paths with {@code ..} and absolute paths, and an output name that is already a symbolic link to a file
     * outside: outputs land only inside the output folder, and nothing else on disk changes.
     */
    @Test
    void nothingIsWrittenOutsideTheOutputFolder() throws Exception {
        Path in = samples(1); // in/IMD002.png
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/dir"));
        Path image = ROOT.resolve("assets/samples/images/IMD027.png");
        Files.copy(image, elsewhere.resolve("b.png"));
        Files.copy(image, tmp.resolve("elsewhere/e.png"));
        Files.createSymbolicLink(in.resolve("linked.png"), tmp.resolve("elsewhere/e.png"));
        Files.createSymbolicLink(in.resolve("linkdir"), elsewhere);
        Files.copy(image, in.resolve("c.png"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(out.resolve("c_segmentation.png"), victim);
        Map<String, String> before = snapshot(tmp, out);

        // without --overwrite the link is an existing output: that image fails, the link stays
        CliRunner.Run first = CliRunner.runMain("batch", in.toString(), "-o", out.toString(), "--recursive", "--engine", "onnx",
                "--model", MODEL, "--workers", "2");
        assertEquals(2, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("c_segmentation.png exists; use --resume or --overwrite"), first.out());
        assertTrue(Files.isSymbolicLink(out.resolve("c_segmentation.png")));
        assertEquals(before, snapshot(tmp, out));

        // with --overwrite the link itself is replaced by the mask; its target is untouched
        CliRunner.Run second = CliRunner.runMain("batch", in.toString(), "-o", out.toString(), "--recursive", "--engine", "onnx",
                "--model", MODEL, "--workers", "2", "--overwrite");
        assertEquals(0, second.code(), second.out() + second.err());
        assertFalse(Files.isSymbolicLink(out.resolve("c_segmentation.png")));
        assertNotNull(PngCheck.completePngSize(out.resolve("c_segmentation.png")));
        assertNotNull(PngCheck.completePngSize(out.resolve("linked_segmentation.png")));
        assertNotNull(PngCheck.completePngSize(out.resolve("linkdir/b_segmentation.png")));
        assertNotNull(PngCheck.completePngSize(out.resolve("IMD002_segmentation.png")));
        assertEquals("precious", Files.readString(victim));
        assertEquals(before, snapshot(tmp, out));

        // segment: '..' and absolute input paths name outputs by the file name only
        Path segOut = tmp.resolve("seg-out");
        CliRunner.Run seg = CliRunner.runMain("segment", "--engine", "onnx", "--model", MODEL, "-o", segOut.toString(),
                tmp.resolve("in/../in/IMD002.png").toString(), in.resolve("linked.png").toAbsolutePath().toString(),
                tmp.resolve("elsewhere/dir/../e.png").toString());
        assertEquals(0, seg.code(), seg.out() + seg.err());
        try (Stream<Path> s = Files.list(segOut)) {
            assertEquals(List.of("IMD002_segmentation.png", "e_segmentation.png", "linked_segmentation.png"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Map<String, String> after = snapshot(tmp, out);
        after.keySet().removeIf(k -> k.startsWith("seg-out"));
        assertEquals(before, after);
        assertArrayEquals(Files.readAllBytes(segOut.resolve("e_segmentation.png")),
                Files.readAllBytes(segOut.resolve("linked_segmentation.png")), "same picture, same mask");
    }
}
