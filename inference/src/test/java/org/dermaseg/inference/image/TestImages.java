package org.dermaseg.inference.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** Builds encoded test images in memory with OpenCV, plus hand-made headers. */
final class TestImages {
    private TestImages() {
    }

    /** Encodes {@code m}, which stays the caller's (in the caller's scope). */
    static byte[] encode(Mat m, String ext) {
        try (MatScope mats = new MatScope()) {
            MatOfByte buf = mats.add(new MatOfByte());
            MatOfInt params = mats.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 98));
            if (!Imgcodecs.imencode(ext, m, buf, params)) {
                throw new IllegalStateException("imencode " + ext + " failed");
            }
            return buf.toArray();
        }
    }

    /** Inserts an EXIF APP1 segment with the given orientation after the JFIF APP0 segment. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        if ((jpeg[2] & 0xff) != 0xFF || (jpeg[3] & 0xff) != 0xE0) {
            throw new IllegalArgumentException("expected JFIF APP0 after SOI");
        }
        int app0End = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4); // big-endian by default, like "MM"
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] t = tiff.array();
        int segLen = 2 + 6 + t.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, app0End);
        out.write(0xFF);
        out.write(0xE1);
        out.write(segLen >> 8);
        out.write(segLen & 0xff);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(t);
        out.write(jpeg, app0End, jpeg.length - app0End);
        return out.toByteArray();
    }

    /** A syntactically complete PNG that only declares its size: IHDR, an empty IDAT and IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[0]);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
        out.writeBytes(b.array());
    }
}
