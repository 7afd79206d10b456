package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.MatScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Regression for the first fuzzing finding: a ~230-byte TIFF whose StripByteCounts declared ~760 MB made
 * OpenCV's libtiff allocate over 500 MB and spend seconds per file. The header reader now checks that every
 * strip and tile lies inside the file before anything is decoded.
 */
class TiffStripTableTest {
    @TempDir
    Path dir;

    private final ImageLoader loader = new ImageLoader();

    private static byte[] tiff() {
        try (MatScope mats = new MatScope()) {
            MatOfByte buf = mats.add(new MatOfByte());
            Imgcodecs.imencode(".tiff", mats.add(new Mat(40, 30, CvType.CV_8UC3, new Scalar(10, 120, 230))), buf);
            return buf.toArray();
        }
    }

    /** Byte position of the value field of {@code tag} in the first directory (little-endian TIFF). */
    private static int valueField(byte[] tiff, int tag) {
        ByteBuffer b = ByteBuffer.wrap(tiff).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('I', tiff[0], "OpenCV writes little-endian TIFF");
        int ifd = b.getInt(4);
        int n = b.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + 12 * i;
            if ((b.getShort(e) & 0xffff) == tag) {
                assertEquals(1, b.getInt(e + 4), "one strip");
                return e + 8;
            }
        }
        throw new AssertionError("tag " + tag + " not found");
    }

    @Test
    void validTiffStillLoads() throws Exception {
        assertEquals(30, loader.load(Files.write(dir.resolve("ok.tif"), tiff())).width());
    }

    @Test
    void stripDeclaringMoreBytesThanTheFileIsRefusedBeforeDecoding() throws Exception {
        byte[] t = tiff();
        int field = valueField(t, 279); // StripByteCounts
        ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(field, 760_000_000);
        Path p = Files.write(dir.resolve("strip-bomb.tif"), t);
        ImageLoadException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ImageLoadException.class, () -> loader.load(p)));
        assertTrue(e.getMessage().contains("truncated TIFF (strip 0 declares data up to byte"), e.getMessage());
    }

    @Test
    void tiffCutShortIsRefusedAsTruncated() throws Exception {
        byte[] t = tiff();
        int dataStart = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).getInt(valueField(t, 273)); // StripOffsets
        byte[] cut = Arrays.copyOf(t, Math.max(dataStart + 10, t.length - 100));
        if (cut.length >= t.length) {
            throw new AssertionError("test TIFF too small to cut");
        }
        // OpenCV writes the directory after the pixels, so cutting the end loses the directory itself:
        // either way the file must be refused, never decoded as grey filler
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> loader.load(Files.write(dir.resolve("cut.tif"), cut)));
        assertTrue(e.getMessage().contains("truncated TIFF") || e.getMessage().contains("damaged TIFF"), e.getMessage());
    }
}
