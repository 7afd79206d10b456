package org.dermaseg.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.dermaseg.inference.image.MatScope;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.dermaseg.testsupport.RepoPaths;

/**
 * Generates the bad-input corpus of the reliability tests from one bundled PH2 sample (IMD002, 765x572)
 * and its expert mask: every file is made here, at test time, except the CMYK JPEG, which neither OpenCV
 * nor ImageIO can write and which is the committed {@code inference/src/test/resources/images/cmyk.jpg}
 * (made once with PIL, see that test's comment).
 *
 * <p>Layout: {@code in/} the batch input (bad and good files side by side, one subfolder with a symlink
 * loop), {@code gt/} ground truth for some of them as {@code <stem>_segmentation.png}.
 */
final class BadInputCorpus {
    static final String NON_ASCII = "naïve lésion 01.png";
    static final int W = 765;
    static final int H = 572;

    final Path in;
    final Path gt;
    /** IMD002 as decoded (BGR), H x W x 3; copied out of OpenCV so that no Mat outlives a MatScope. */
    private final byte[] imageBgr = new byte[W * H * 3];
    /** IMD002's expert mask, 0/255, H x W. */
    private final byte[] maskGrey = new byte[W * H];

    BadInputCorpus(Path dir) throws IOException {
        this.in = Files.createDirectories(dir.resolve("in"));
        this.gt = Files.createDirectories(dir.resolve("gt"));
        Path samples = RepoPaths.root().resolve("assets/samples");
        try (MatScope mats = new MatScope()) {
            Mat image = mats.add(Imgcodecs.imread(samples.resolve("images/IMD002.png").toString(),
                    Imgcodecs.IMREAD_COLOR));
            Mat mask = mats.add(Imgcodecs.imread(samples.resolve("masks/IMD002_lesion.png").toString(),
                    Imgcodecs.IMREAD_GRAYSCALE));
            if (image.cols() != W || image.rows() != H || mask.cols() != W || mask.rows() != H) {
                throw new IllegalStateException("IMD002 is not " + W + "x" + H);
            }
            image.get(0, 0, imageBgr);
            mask.get(0, 0, maskGrey);
        }
    }

    /** IMD002 (BGR) as a Mat owned by {@code mats}. */
    private Mat image(MatScope mats) {
        Mat m = mats.add(new Mat(H, W, CvType.CV_8UC3));
        m.put(0, 0, imageBgr);
        return m;
    }

    /** IMD002's expert mask (0/255) as a Mat owned by {@code mats}. */
    private Mat mask(MatScope mats) {
        Mat m = mats.add(new Mat(H, W, CvType.CV_8UC1));
        m.put(0, 0, maskGrey);
        return m;
    }

    /** Writes every row; returns this. Rows that need special file-system handling are separate methods. */
    BadInputCorpus writeAll() throws IOException {
        try (MatScope mats = new MatScope()) {
            Mat image = image(mats);
            Mat mask = mask(mats);
            byte[] png = encode(image, ".png");
            byte[] jpeg = encode(image, ".jpg");

            // processed as a good image would be
            write("good.png", png);
            writeGt("good", mask);
            write("deep16.png", encode(sixteenBit(mats, image), ".png"));
            write("rgba-transparent.png", encode(withTransparentLeftHalf(mats, image), ".png"));
            Mat grey = mats.add(new Mat());
            Imgproc.cvtColor(image, grey, Imgproc.COLOR_BGR2GRAY);
            write("grey.png", encode(grey, ".png"));
            Mat greyRgb = mats.add(new Mat());
            Imgproc.cvtColor(grey, greyRgb, Imgproc.COLOR_GRAY2BGR);
            write("grey-as-rgb.png", encode(greyRgb, ".png"));
            Files.copy(RepoPaths.root().resolve("inference/src/test/resources/images/cmyk.jpg"), in.resolve("cmyk.jpg"));
            write("one-pixel.png", encode(mats.add(new Mat(1, 1, CvType.CV_8UC3, new Scalar(40, 60, 180))), ".png"));
            write("exif-rotated.jpg", withExifOrientation(jpeg, 6));
            write(NON_ASCII, png);

            // ground truth variants, each beside its own copy of the good image
            write("gt-wrong-size.png", png);
            Mat small = mats.add(new Mat());
            Imgproc.resize(mask, small, new Size(100, 80), 0, 0, Imgproc.INTER_NEAREST);
            writeGt("gt-wrong-size", small);
            write("gt-anti-aliased.png", png);
            writeGt("gt-anti-aliased", antiAliased(mats, mask));
            write("gt-hard.png", png);
            Mat hard = mats.add(new Mat());
            Imgproc.threshold(antiAliased(mats, mask), hard, 127, 255, Imgproc.THRESH_BINARY); // >= 128, the loader's cut
            writeGt("gt-hard", hard);
            write("gt-no-lesion.png", png);
            writeGt("gt-no-lesion", mats.add(Mat.zeros(H, W, CvType.CV_8UC1)));

            // refused
            write("empty.jpg", new byte[0]);
            write("truncated-jpeg.jpg", Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
            write("truncated-png.png", Arrays.copyOf(png, png.length * 2 / 3));
            write("text.jpg", "Patient list, do not delete\n".getBytes(StandardCharsets.US_ASCII));
            write("wrong-crc.png", withBrokenIdatCrc(png));
            write("bomb-png.png", pngHeaderOnly(60_000, 60_000));
            write("bomb-jpeg.jpg", withFrameSize(jpeg, 65_000, 65_000));
        }
        return this;
    }

    /** A folder whose link leads back to the input root: walking it naively never ends. */
    void writeSymlinkLoop() throws IOException {
        Path loop = Files.createDirectories(in.resolve("loop"));
        try (MatScope mats = new MatScope()) {
            Files.write(loop.resolve("inside.png"), encode(image(mats), ".png"));
        }
        Files.createSymbolicLink(loop.resolve("back"), in);
        Files.createSymbolicLink(in.resolve("broken-link.png"), in.resolve("deleted-long-ago.png"));
    }

    /** A good image without read permission (only binds a process that is not root). */
    Path writeUnreadable() throws IOException {
        Path p;
        try (MatScope mats = new MatScope()) {
            p = write("unreadable.png", encode(image(mats), ".png"));
        }
        Files.setPosixFilePermissions(p, java.util.Set.of());
        return p;
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(in.resolve(name), bytes);
    }

    private void writeGt(String stem, Mat m) throws IOException {
        Files.write(gt.resolve(stem + "_segmentation.png"), encode(m, ".png"));
    }

    static byte[] encode(Mat m, String ext) {
        try (MatScope mats = new MatScope()) {
            MatOfByte buf = mats.add(new MatOfByte());
            MatOfInt params = mats.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95));
            if (!Imgcodecs.imencode(ext, m, buf, params)) {
                throw new IllegalStateException("imencode " + ext);
            }
            return buf.toArray();
        }
    }

    /** The same picture at 16 bits per sample: v * 257, which the loader's /257 maps back to v exactly. */
    private static Mat sixteenBit(MatScope mats, Mat bgr) {
        Mat deep = mats.add(new Mat());
        bgr.convertTo(deep, CvType.CV_16UC3, 257.0);
        return deep;
    }

    /** BGRA: alpha 0 (fully transparent) on the left half, 128 on the right; colour unchanged. */
    private static Mat withTransparentLeftHalf(MatScope mats, Mat bgr) {
        Mat bgra = mats.add(new Mat());
        Imgproc.cvtColor(bgr, bgra, Imgproc.COLOR_BGR2BGRA);
        java.util.List<Mat> ch = new java.util.ArrayList<>();
        Core.split(bgra, ch);
        mats.addAll(ch);
        ch.get(3).setTo(new Scalar(128));
        mats.add(ch.get(3).submat(new Rect(0, 0, bgr.cols() / 2, bgr.rows()))).setTo(new Scalar(0));
        Core.merge(ch, bgra);
        return bgra;
    }

    /** A soft-edged mask with every grey level 0..255 along the border, as drawing tools export. */
    static Mat antiAliased(MatScope mats, Mat mask) {
        Mat soft = mats.add(new Mat());
        Imgproc.GaussianBlur(mask, soft, new Size(31, 31), 8);
        return soft;
    }

    /** Flips one bit of the first IDAT chunk's CRC: the pixel data still parses, its checksum does not match. */
    static byte[] withBrokenIdatCrc(byte[] png) {
        byte[] b = png.clone();
        int pos = 8;
        while (pos + 8 <= b.length) {
            int len = ByteBuffer.wrap(b, pos, 4).getInt();
            String type = new String(b, pos + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("IDAT")) {
                b[pos + 8 + len] ^= 0x01;
                return b;
            }
            pos += 12 + len;
        }
        throw new IllegalArgumentException("no IDAT chunk");
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
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.putInt(data.length).put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
        out.writeBytes(b.array());
    }

    /** A real JPEG whose frame header (SOF0) is rewritten to declare another size. */
    static byte[] withFrameSize(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        int pos = 2;
        while (pos + 4 <= b.length) {
            int marker = b[pos + 1] & 0xff;
            int len = ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
                b[pos + 5] = (byte) (height >> 8);
                b[pos + 6] = (byte) height;
                b[pos + 7] = (byte) (width >> 8);
                b[pos + 8] = (byte) width;
                return b;
            }
            pos += 2 + len;
        }
        throw new IllegalArgumentException("no frame header");
    }

    /** Inserts an EXIF APP1 segment (big-endian TIFF, one Orientation entry) after the JFIF APP0 segment. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        if ((jpeg[2] & 0xff) != 0xFF || (jpeg[3] & 0xff) != 0xE0) {
            throw new IllegalArgumentException("expected JFIF APP0 after SOI");
        }
        int app0End = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] t = tiff.array();
        int segLen = 2 + 6 + t.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, app0End);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (segLen >> 8), (byte) segLen});
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(t);
        out.write(jpeg, app0End, jpeg.length - app0End);
        return out.toByteArray();
    }
}
