package org.dermaseg.inference.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngCheckTest {
    @TempDir
    Path dir;

    @Test
    void acceptsACompletePngAndReadsItsSize() throws IOException {
        Path p = dir.resolve("m.png");
        Files.write(p, MaskPng.encode(new BinaryMask(7, 3, new byte[21]), false));
        assertArrayEquals(new int[] {7, 3}, PngCheck.completePngSize(p));
    }

    @Test
    void rejectsTruncatedMissingAndForeignFiles() throws IOException {
        byte[] png = MaskPng.encode(new BinaryMask(40, 30, new byte[1200]), false);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(png, png.length - 5));
        assertNull(PngCheck.completePngSize(cut));
        Path empty = dir.resolve("empty.png");
        Files.write(empty, new byte[0]);
        assertFalse(PngCheck.isCompletePng(empty));
        assertFalse(PngCheck.isCompletePng(dir.resolve("missing.png")));
        Path text = dir.resolve("text.png");
        Files.writeString(text, "not a png at all, just some text that is long enough");
        assertFalse(PngCheck.isCompletePng(text));
    }
}
