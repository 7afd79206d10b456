package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.image.MatScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Garbage inside the EXIF block of an otherwise good JPEG (editing software and cameras do write broken
 * EXIF) must not cost the image: OpenCV decodes it, so the header reader must not refuse it. An IFD offset
 * near 2^32 used to overflow an int and refuse the file as "truncated or damaged JPEG header".
 */
class DamagedExifTest {
    @TempDir
    Path dir;

    private static byte[] jpegWithExif(long ifdOffset, int entries) {
        byte[] jpeg;
        try (MatScope mats = new MatScope()) {
            MatOfByte buf = mats.add(new MatOfByte());
            Imgcodecs.imencode(".jpg", mats.add(new Mat(20, 30, CvType.CV_8UC3, new Scalar(40, 90, 200))), buf);
            jpeg = buf.toArray();
        }
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt((int) ifdOffset);
        tiff.putShort((short) entries);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putInt(0);
        byte[] t = tiff.array();
        int segLen = 2 + 6 + t.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (segLen >> 8), (byte) segLen, 'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(t);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(longs = {0xFFFF_FFF0L, 0x8000_0000L, 0x7FFF_FFFFL, 4000L})
    void exifDirectoryOffsetOutsideTheSegmentIsIgnored(long offset) throws Exception {
        Path p = Files.write(dir.resolve("bad-exif.jpg"), jpegWithExif(offset, 1));
        LoadedImage im = new ImageLoader().load(p);
        assertEquals(30, im.width(), "orientation ignored, image kept");
        assertEquals(20, im.height());
    }

    @Test
    void exifDirectoryClaimingMoreEntriesThanItHoldsStillLoads() throws Exception {
        // the orientation entry comes first, so both our reader and OpenCV apply it before running out
        Path p = Files.write(dir.resolve("many.jpg"), jpegWithExif(8, 0xFFFF));
        LoadedImage im = new ImageLoader().load(p);
        assertEquals(20, im.width());
        assertEquals(30, im.height());
    }

    @Test
    void intactExifStillRotates() throws Exception {
        Path p = Files.write(dir.resolve("ok.jpg"), jpegWithExif(8, 1));
        LoadedImage im = new ImageLoader().load(p);
        assertEquals(20, im.width(), "orientation 6 swaps width and height");
        assertEquals(30, im.height());
    }
}
