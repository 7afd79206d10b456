package org.dermaseg.inference.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dermaseg.inference.image.LoadedImage;
import org.junit.jupiter.api.Test;

class ImagePyramidTest {
    @Test
    void levelsHalveUntilSmallAndAverageBlocks() {
        int w = 1100;
        int h = 601;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[(y * w + x) * 3] = (byte) (x % 2 == 0 ? 100 : 200); // red alternates per column
                rgb[(y * w + x) * 3 + 1] = (byte) 50;
            }
        }
        ImagePyramid p = ImagePyramid.ofRgb(w, h, rgb);
        assertEquals(3, p.levels().size(), "1100 -> 550 -> 275 (stops: below 512)");
        ImagePyramid.Level l1 = p.level(1);
        assertEquals(550, l1.width());
        assertEquals(301, l1.height(), "odd height rounds up");
        assertEquals(2, l1.factor());
        int px = l1.argb()[0];
        assertEquals(150, (px >> 16) & 0xff, "mean of 100 and 200");
        assertEquals(50, (px >> 8) & 0xff);
        assertEquals(0xFF, px >>> 24);
        assertEquals(4, p.level(2).factor());
    }

    @Test
    void levelForPicksTheCoarsestLevelStillAsDetailedAsTheScreen() {
        ImagePyramid p = ImagePyramid.ofRgb(6000, 4000, new byte[6000 * 4000 * 3]);
        assertEquals(0, p.levelFor(1.0).index());
        assertEquals(0, p.levelFor(4.0).index());
        assertEquals(0, p.levelFor(0.6).index(), "0.6 needs more than half resolution");
        assertEquals(1, p.levelFor(0.5).index());
        assertEquals(2, p.levelFor(0.2).index(), "fit of 6000 px into 1200 px reads 1500x1000");
        assertEquals(1500, p.levelFor(0.2).width());
        int last = p.levels().size() - 1;
        assertEquals(last, p.levelFor(0.001).index());
        assertTrue(p.level(last).width() >= ImagePyramid.SMALLEST_SIDE);
        assertThrows(IllegalArgumentException.class, () -> p.levelFor(0));
    }

    @Test
    void refusesReducedDecodes() {
        LoadedImage reduced = new LoadedImage("x.jpg", null, 800, 600, 400, 300, new byte[400 * 300 * 3], 2, 8, 0);
        assertThrows(IllegalArgumentException.class, () -> ImagePyramid.of(reduced));
        LoadedImage full = LoadedImage.ofRgb("y", 4, 3, new byte[36]);
        assertEquals(4, ImagePyramid.of(full).width());
    }
}
