package org.dermaseg.inference.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;

import javax.imageio.ImageIO;

import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** {@link MaskPng}'s own encoder: the pixels read back by OpenCV and by ImageIO, the text chunks, every shape. */
class MaskPngTest {
    @Test
    void openCvReadsBackTheSamePixels() throws Exception {
        Random rnd = new Random(3);
        int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {2, 2}, {765, 572}, {257, 3}, {31, 77}};
        for (int[] s : sizes) {
            for (double density : new double[] {0, 0.02, 0.5, 1}) {
                BinaryMask mask = random(rnd, s[0], s[1], density);
                byte[] png = MaskPng.encode(mask, false);
                byte[] back = new byte[s[0] * s[1]];
                try (MatScope mats = new MatScope()) {
                    MatOfByte buf = mats.add(new MatOfByte(png));
                    Mat m = mats.add(Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_UNCHANGED));
                    assertEquals(CvType.CV_8UC1, m.type(), "8-bit grey");
                    assertEquals(s[0], m.cols());
                    assertEquals(s[1], m.rows());
                    m.get(0, 0, back);
                }
                assertArrayEquals(zeroAnd255(mask), back, s[0] + "x" + s[1] + " density " + density);
            }
        }
    }

    @Test
    void imageIoReadsItTooAndTheTextSaysWhetherEdited() throws Exception {
        BinaryMask mask = random(new Random(9), 40, 30, 0.3);
        byte[] png = MaskPng.encode(mask, true);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                int expected = mask.data()[y * 40 + x] != 0 ? 255 : 0;
                assertEquals(expected, img.getRaster().getSample(x, y, 0), "(" + x + ", " + y + ")");
            }
        }
        assertTrue(MaskPng.isEdited(png));
        assertFalse(MaskPng.isEdited(MaskPng.encode(mask, false)));
        assertEquals("DermaSeg", PngText.read(png).get("Software"));
    }

    /** The ISIC convention the file must hold: 0 background, 255 lesion. */
    private static byte[] zeroAnd255(BinaryMask mask) {
        byte[] out = new byte[mask.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mask.data()[i] != 0 ? (byte) 255 : 0;
        }
        return out;
    }

    private static BinaryMask random(Random rnd, int w, int h, double density) {
        byte[] d = new byte[w * h];
        // blobs of rows rather than salt and pepper, plus noise: both filter cases (rows alike, rows not)
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean blob = Math.hypot(x - w / 2.0, y - h / 2.0) < density * Math.max(w, h) / 1.5;
                d[y * w + x] = blob ^ rnd.nextDouble() < density / 10 ? (byte) 1 : 0;
            }
        }
        return new BinaryMask(w, h, d);
    }
}
