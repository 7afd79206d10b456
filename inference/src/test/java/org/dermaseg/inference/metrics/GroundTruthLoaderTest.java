package org.dermaseg.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.image.OpenCvNatives;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

class GroundTruthLoaderTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        OpenCvNatives.ensureLoaded();
    }

    /** Writes a w x h image whose pixel i has grey value values[i] (channels 1 or 3), in the given format. */
    private Path write(String name, int w, int h, int channels, int[] values) throws IOException {
        byte[] data = new byte[w * h * channels];
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < channels; c++) {
                data[i * channels + c] = (byte) values[i];
            }
        }
        byte[] encoded;
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(h, w, channels == 1 ? CvType.CV_8UC1 : CvType.CV_8UC3));
            m.put(0, 0, data);
            MatOfByte buf = mats.add(new MatOfByte());
            Imgcodecs.imencode(name.substring(name.lastIndexOf('.')), m, buf);
            encoded = buf.toArray();
        }
        Path p = dir.resolve(name);
        Files.write(p, encoded);
        return p;
    }

    @Test
    void binarisesAtHalfGreyIncludingAntiAliasedEdges() throws IOException {
        Path p = write("m.png", 4, 1, 1, new int[] {0, 127, 128, 255});
        BinaryMask m = new GroundTruthLoader().load(p);
        assertEquals(4, m.width());
        assertEquals(1, m.height());
        assertEquals(0, m.data()[0]);
        assertEquals(0, m.data()[1]);
        assertEquals(1, m.data()[2]);
        assertEquals(1, m.data()[3]);
    }

    @Test
    void colourAndOtherFormatsReadTheSame() throws IOException {
        int[] v = {255, 0, 255, 0, 0, 255};
        BinaryMask grey = new GroundTruthLoader().load(write("g.png", 3, 2, 1, v));
        BinaryMask colour = new GroundTruthLoader().load(write("c.png", 3, 2, 3, v));
        BinaryMask bmp = new GroundTruthLoader().load(write("b.bmp", 3, 2, 1, v));
        BinaryMask tif = new GroundTruthLoader().load(write("t.tif", 3, 2, 3, v));
        for (BinaryMask m : new BinaryMask[] {colour, bmp, tif}) {
            assertEquals(new Confusion(3, 0, 0, 3), Confusion.of(m.data(), grey.data()));
        }
    }

    @Test
    void zeroOneLabelImagesAreRecognised() throws IOException {
        BinaryMask m = new GroundTruthLoader().load(write("l.png", 3, 1, 1, new int[] {0, 1, 1}));
        assertEquals(2, m.area());
    }

    @Test
    void noLesionIsAValidMask() throws IOException {
        BinaryMask m = new GroundTruthLoader().loadFor(write("e.png", 5, 4, 1, new int[20]), 5, 4);
        assertEquals(0, m.area());
        assertEquals(20, m.data().length);
    }

    @Test
    void wrongSizeIsRefusedWithBothSizesInTheMessage() throws IOException {
        Path p = write("s.png", 4, 2, 1, new int[8]);
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> new GroundTruthLoader().loadFor(p, 8, 4));
        assertTrue(e.getMessage().contains("4x2") && e.getMessage().contains("8x4"), e.getMessage());
        ImageLoadException swapped = assertThrows(ImageLoadException.class,
                () -> new GroundTruthLoader().loadFor(p, 2, 4));
        assertTrue(swapped.getMessage().contains("swapped"), swapped.getMessage());
    }

    @Test
    void wrongSizeResizedNearestWhenAllowed() throws IOException {
        Path p = write("r.png", 2, 1, 1, new int[] {255, 0});
        GroundTruthLoader resizing = new GroundTruthLoader(new ImageLoader(ImageLimits.DEFAULT, false), true);
        BinaryMask m = resizing.loadFor(p, 4, 2);
        assertEquals(4, m.width());
        assertEquals(2, m.height());
        assertEquals(4, m.area()); // left half of both rows
        assertTrue(m.get(1, 1) && !m.get(2, 0));
    }

    @Test
    void unreadableMaskSaysWhichFile() throws IOException {
        Path p = dir.resolve("broken.png");
        Files.writeString(p, "garbage");
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> new GroundTruthLoader().load(p));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
    }

    @Test
    void bundledSampleMaskMatchesItsImage() throws IOException {
        Path root = RepoPaths.root();
        BinaryMask m = new GroundTruthLoader().loadFor(root.resolve("assets/samples/masks/IMD002_lesion.png"), 765, 572);
        assertTrue(m.area() > 1000 && m.area() < 765L * 572, "area " + m.area());
    }
}
