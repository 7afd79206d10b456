package org.dermaseg.inference.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.dermaseg.inference.image.ImageLoader;
import org.junit.jupiter.api.Test;

class ThumbnailTest {
    @Test
    void boxAveragesDownToTheLongerSide() {
        int w = 400;
        int h = 200;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[(y * w + x) * 3] = (byte) (x < 200 ? 0 : 200);
                rgb[(y * w + x) * 3 + 2] = (byte) ((x + y) % 2 == 0 ? 100 : 0); // checkerboard averages to 50
            }
        }
        Thumbnail t = Thumbnail.ofRgb(w, h, rgb, 100);
        assertEquals(100, t.width());
        assertEquals(50, t.height());
        assertEquals(0, (t.argb()[0] >> 16) & 0xff);
        assertEquals(200, (t.argb()[99] >> 16) & 0xff);
        assertEquals(50, t.argb()[10] & 0xff);
        assertEquals(0xFF, t.argb()[0] >>> 24);
    }

    @Test
    void neverEnlargesAndReadsFiles() throws Exception {
        Thumbnail small = Thumbnail.ofRgb(3, 2, new byte[18], 96);
        assertEquals(3, small.width());
        assertEquals(2, small.height());
        assertThrows(IllegalArgumentException.class, () -> Thumbnail.ofRgb(3, 2, new byte[5], 96));
        Path root = Path.of(System.getProperty("dermaseg.root", "..")).toAbsolutePath();
        Thumbnail t = Thumbnail.of(new ImageLoader(), root.resolve("assets/samples/images/IMD002.png"), 96);
        assertEquals(96, t.width());
        assertEquals(Math.round(572 * 96 / 765.0), t.height());
    }
}
