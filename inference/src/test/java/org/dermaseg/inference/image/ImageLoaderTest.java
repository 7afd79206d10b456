package org.dermaseg.inference.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.dermaseg.testsupport.RepoPaths;

class ImageLoaderTest {
    @TempDir
    Path dir;

    private final ImageLoader loader = new ImageLoader();

    @BeforeAll
    static void natives() {
        OpenCvNatives.ensureLoaded();
    }

    /** 7x5 BGR image with distinct pixel values everywhere, encoded as {@code ext}. */
    private static byte[] pattern(String ext) {
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(5, 7, CvType.CV_8UC3));
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    m.put(y, x, 10 + x * 30, 20 + y * 40, 200 - x * 10 - y * 5); // B, G, R
                }
            }
            return TestImages.encode(m, ext);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {".png", ".bmp", ".tiff"})
    void losslessFormatsDecodeExactlyAsRgb(String ext) throws Exception {
        Path p = write("pattern" + ext, pattern(ext));
        LoadedImage im = loader.load(p);
        assertEquals(7, im.width());
        assertEquals(5, im.height());
        assertEquals(1, im.reduction());
        byte[] rgb = im.rgb();
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                int i = 3 * (y * 7 + x);
                assertEquals(200 - x * 10 - y * 5, rgb[i] & 0xff, "R at " + x + "," + y);
                assertEquals(20 + y * 40, rgb[i + 1] & 0xff, "G");
                assertEquals(10 + x * 30, rgb[i + 2] & 0xff, "B");
            }
        }
    }

    @Test
    void jpegDecodesWithItsSizeAndColours() throws Exception {
        byte[] jpeg;
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(48, 64, CvType.CV_8UC3, new Scalar(30, 60, 210))); // BGR: mostly red
            jpeg = TestImages.encode(m, ".jpg");
        }
        LoadedImage im = loader.load(write("red.jpg", jpeg));
        assertEquals(ImageFormat.JPEG, im.format());
        assertEquals(64, im.width());
        assertEquals(48, im.height());
        int i = 3 * (24 * 64 + 32);
        assertEquals(210, im.rgb()[i] & 0xff, 3);
        assertEquals(60, im.rgb()[i + 1] & 0xff, 3);
        assertEquals(30, im.rgb()[i + 2] & 0xff, 3);
    }

    @Test
    void greyBecomesThreeEqualChannels() throws Exception {
        byte[] png;
        try (MatScope mats = new MatScope()) {
            Mat g = mats.add(new Mat(4, 6, CvType.CV_8UC1));
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 6; x++) {
                    g.put(y, x, x * 40 + y);
                }
            }
            png = TestImages.encode(g, ".png");
        }
        LoadedImage im = loader.load(write("grey.png", png));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                int i = 3 * (y * 6 + x);
                assertEquals(x * 40 + y, im.rgb()[i] & 0xff);
                assertEquals(x * 40 + y, im.rgb()[i + 1] & 0xff);
                assertEquals(x * 40 + y, im.rgb()[i + 2] & 0xff);
            }
        }
    }

    @Test
    void alphaIsDroppedNotBlended() throws Exception {
        byte[] png;
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(3, 3, CvType.CV_8UC4, new Scalar(11, 22, 33, 0))); // fully transparent
            png = TestImages.encode(m, ".png");
        }
        LoadedImage im = loader.load(write("rgba.png", png));
        assertEquals(27, im.rgb().length);
        assertEquals(33, im.rgb()[0] & 0xff);
        assertEquals(22, im.rgb()[1] & 0xff);
        assertEquals(11, im.rgb()[2] & 0xff);
    }

    @Test
    void sixteenBitIsScaledBy257WithRounding() throws Exception {
        byte[] png;
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(1, 3, CvType.CV_16UC3));
            m.put(0, 0, new short[] {(short) 65535, (short) 1000, 0, (short) 32896, (short) 1000, (short) 65535,
                0, 0, (short) 257});
            png = TestImages.encode(m, ".png");
        }
        LoadedImage im = loader.load(write("deep.png", png));
        assertEquals(16, im.sourceBitsPerSample());
        // pixel 0 BGR = (65535, 1000, 0) -> RGB (0, 4, 255); 1000/257 = 3.89 rounds to 4 (>>8 would give 3)
        assertArrayEquals(new byte[] {0, 4, (byte) 255}, Arrays.copyOfRange(im.rgb(), 0, 3));
        assertArrayEquals(new byte[] {(byte) 255, 4, (byte) 128}, Arrays.copyOfRange(im.rgb(), 3, 6));
        assertArrayEquals(new byte[] {1, 0, 0}, Arrays.copyOfRange(im.rgb(), 6, 9));
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        // made with PIL: left half RGB (200,40,30), right half (30,60,210), saved as CMYK JPEG
        Path p = Path.of(getClass().getResource("/images/cmyk.jpg").toURI());
        LoadedImage im = loader.load(p);
        assertEquals(32, im.width());
        int left = 3 * (8 * 32 + 4);
        int right = 3 * (8 * 32 + 28);
        assertEquals(200, im.rgb()[left] & 0xff, 6);
        assertEquals(40, im.rgb()[left + 1] & 0xff, 6);
        assertEquals(210, im.rgb()[right + 2] & 0xff, 6);
        assertEquals(30, im.rgb()[right] & 0xff, 6);
    }

    /** w wide x h high: left half red, right half blue, encoded as {@code ext}. */
    private static byte[] leftRedRightBlue(int w, int h, String ext) {
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(h, w, CvType.CV_8UC3, new Scalar(255, 0, 0))); // blue (BGR)
            mats.add(m.submat(new Rect(0, 0, w / 2, h))).setTo(new Scalar(0, 0, 255)); // red
            return TestImages.encode(m, ext);
        }
    }

    @Test
    void exifOrientationSixRotatesClockwise() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(leftRedRightBlue(40, 20, ".jpg"), 6);
        LoadedImage im = loader.load(write("rot.jpg", jpeg));
        assertEquals(20, im.width());
        assertEquals(40, im.height());
        // rotating 90 degrees clockwise puts the former left (red) half on top
        int top = 3 * (5 * 20 + 10);
        int bottom = 3 * (35 * 20 + 10);
        assertTrue((im.rgb()[top] & 0xff) > 200 && (im.rgb()[top + 2] & 0xff) < 50, "top is red");
        assertTrue((im.rgb()[bottom + 2] & 0xff) > 200 && (im.rgb()[bottom] & 0xff) < 50, "bottom is blue");
    }

    @Test
    void exifOrientationOneLeavesImageAlone() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(leftRedRightBlue(40, 20, ".jpg"), 1);
        LoadedImage im = loader.load(write("norot.jpg", jpeg));
        assertEquals(40, im.width());
        assertEquals(20, im.height());
    }

    @Test
    void largeJpegIsDecodedReducedButKeepsOriginalSize() throws Exception {
        Path p = write("big.jpg", leftRedRightBlue(2048, 1536, ".jpg"));
        LoadedImage im = loader.loadForModel(p, 256, 256);
        assertEquals(2048, im.width());
        assertEquals(1536, im.height());
        assertEquals(2, im.reduction()); // 1/4 would leave 384 rows, less than twice the model's 256
        assertEquals(1024, im.pixelWidth());
        assertEquals(768, im.pixelHeight());
        assertEquals(1024 * 768 * 3, im.rgb().length);

        LoadedImage full = loader.load(p);
        assertFalse(full.isReduced());
        assertEquals(2048, full.pixelWidth());

        LoadedImage noReduce = new ImageLoader(ImageLimits.DEFAULT, false).loadForModel(p, 256, 256);
        assertEquals(1, noReduce.reduction());
    }

    @Test
    void reducedDecodeHonoursExifOrientation() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(leftRedRightBlue(2048, 1536, ".jpg"), 6);
        LoadedImage im = loader.loadForModel(write("bigrot.jpg", jpeg), 256, 256);
        assertEquals(2, im.reduction());
        assertEquals(1536, im.width());
        assertEquals(2048, im.height());
        assertEquals(768, im.pixelWidth());
        assertEquals(1024, im.pixelHeight());
    }

    @Test
    void pngIsNeverReducedBecauseOpenCvWouldResizeWithAnotherFilter() throws Exception {
        Path p = write("big.png", leftRedRightBlue(2048, 1536, ".png"));
        assertEquals(1, loader.loadForModel(p, 256, 256).reduction());
    }

    @Test
    void zeroByteFileIsRefused() throws Exception {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(write("empty.jpg", new byte[0])));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
        assertTrue(e.getMessage().contains("empty.jpg"), "names the file: " + e.getMessage());
    }

    @Test
    void textNamedJpgIsRefused() throws Exception {
        Path p = write("notes.jpg", "hello, this is not an image\n".getBytes());
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(p));
        assertTrue(e.getMessage().contains("not a JPEG, PNG, BMP or TIFF"), e.getMessage());
        assertTrue(e.getMessage().contains("hello"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void truncatedJpegIsRefused() throws Exception {
        byte[] full = leftRedRightBlue(200, 100, ".jpg");
        Path p = write("cut.jpg", Arrays.copyOf(full, full.length * 2 / 3));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(p));
        assertTrue(e.getMessage().contains("truncated JPEG"), e.getMessage());
    }

    @Test
    void jpegCutInsideHeaderIsRefused() throws Exception {
        byte[] full = leftRedRightBlue(200, 100, ".jpg");
        Path p = write("cut-header.jpg", Arrays.copyOf(full, 30));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedPngIsRefused() throws Exception {
        byte[] full = pattern(".png");
        Path p = write("cut.png", Arrays.copyOf(full, full.length - 20));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(p));
        assertTrue(e.getMessage().contains("truncated PNG"), e.getMessage());
    }

    @Test
    void truncatedBmpIsRefused() throws Exception {
        byte[] full = leftRedRightBlue(64, 64, ".bmp");
        Path p = write("cut.bmp", Arrays.copyOf(full, full.length / 2));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(p));
        assertTrue(e.getMessage().contains("truncated BMP"), e.getMessage());
    }

    @Test
    void hugeDeclaredSizeIsRefusedBeforeDecoding() throws Exception {
        // 60000 x 60000 = 3.6 gigapixels declared by a 57-byte file: decoding would need 10 GB
        Path p = write("bomb.png", TestImages.pngHeaderOnly(60_000, 60_000));
        assertTrue(Files.size(p) < 100);
        ImageLoadException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ImageLoadException.class, () -> loader.load(p)));
        assertTrue(e.getMessage().contains("exceeds the limit of 100.0 MP"), e.getMessage());
        assertTrue(e.getMessage().contains("60000x60000"), e.getMessage());
        assertThrows(ImageLoadException.class, () -> loader.probe(p));
    }

    @Test
    void pixelLimitIsConfigurable() throws Exception {
        Path p = write("small.png", leftRedRightBlue(40, 20, ".png"));
        assertEquals(40, new ImageLoader(new ImageLimits(800, ImageLimits.DEFAULT_MAX_FILE_BYTES)).load(p).width());
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> new ImageLoader(new ImageLimits(799, ImageLimits.DEFAULT_MAX_FILE_BYTES)).load(p));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }

    @Test
    void probeReadsHeaderOnly() throws Exception {
        ImageHeader h = loader.probe(write("bomb-ok.png", TestImages.pngHeaderOnly(5000, 4000)));
        assertEquals(ImageFormat.PNG, h.format());
        assertEquals(5000, h.width());
        assertEquals(4000, h.height());
        ImageHeader j = loader.probe(write("r.jpg",
                TestImages.withExifOrientation(leftRedRightBlue(40, 20, ".jpg"), 8)));
        assertEquals(8, j.exifOrientation());
        assertEquals(20, j.orientedWidth());
    }

    @Test
    void floatTiffIsRefusedWithItsSampleType() throws Exception {
        byte[] tiff;
        try (MatScope mats = new MatScope()) {
            tiff = TestImages.encode(mats.add(new Mat(4, 4, CvType.CV_32FC3, new Scalar(0.5, 0.5, 0.5))), ".tiff");
        }
        Path p = write("float.tiff", tiff);
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(p));
        assertTrue(e.getMessage().contains("32-bit float"), e.getMessage());
    }

    @Test
    void missingFileAndDirectoryAreRefused() {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(dir.resolve("nope.png")));
        assertTrue(e.getMessage().contains("file not found"), e.getMessage());
        ImageLoadException d = assertThrows(ImageLoadException.class, () -> loader.load(dir));
        assertTrue(d.getMessage().contains("directory"), d.getMessage());
    }

    @Test
    void realSampleLoads() throws Exception {
        Path sample = RepoPaths.root().resolve("assets/samples/images/IMD002.png");
        LoadedImage im = loader.load(sample);
        // size as Python's cv2.imread reports it (assets/samples/SOURCES.md rounds it to 768x560)
        assertEquals(765, im.width());
        assertEquals(572, im.height());
    }
}
