package org.dermaseg.inference.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesCompleteFileAndLeavesNoTemporaries() throws IOException {
        Path target = dir.resolve("sub/a.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3}, false);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of("a.bin"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void neverOverwritesUnlessAsked() throws IOException {
        Path target = dir.resolve("a.txt");
        Files.writeString(target, "old");
        assertThrows(FileAlreadyExistsException.class,
                () -> AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8), false));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("a.txt"), names());
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8), true);
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void failureMidWriteLeavesNeitherPartialTargetNorTemporary() throws IOException {
        Path target = dir.resolve("b.png");
        IOException boom = assertThrows(IOException.class, () -> AtomicFiles.write(target, false, out -> {
            out.write(new byte[4096]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names());
    }

    @Test
    void failureWhileReplacingKeepsTheOldFile() throws IOException {
        Path target = dir.resolve("c.png");
        Files.writeString(target, "complete old file");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, true, out -> {
            out.write(1);
            throw new IllegalStateException("encoder bug");
        }));
        assertEquals("complete old file", Files.readString(target));
        assertEquals(List.of("c.png"), names());
    }

    @Test
    void temporariesAreHiddenAndRecognisable() throws IOException {
        Path target = dir.resolve("d.png");
        String[] seen = new String[1];
        AtomicFiles.write(target, false, out -> {
            try (Stream<Path> s = Files.list(dir)) {
                seen[0] = s.map(p -> p.getFileName().toString()).findFirst().orElse(null);
            }
            out.write(7);
        });
        assertTrue(seen[0].startsWith(".d.png."), seen[0]);
        assertTrue(seen[0].endsWith(AtomicFiles.TEMP_SUFFIX), seen[0]);
        assertFalse(ImageFiles.isImageName(seen[0]));
        assertEquals(List.of("d.png"), names());
    }
}
