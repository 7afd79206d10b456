package org.dermaseg.inference.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.metrics.MaskDisagreement;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;

/** Two masks on a grey image: the disagreement is counted and tinted, each outline has its own colour. */
class ComparisonRendererTest {
    private static final int W = 20;
    private static final int H = 10;

    /** Columns [x0, x1) of every row set. */
    private static BinaryMask columns(int x0, int x1) {
        byte[] m = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = x0; x < x1; x++) {
                m[y * W + x] = 1;
            }
        }
        return new BinaryMask(W, H, m);
    }

    @Test
    void disagreementCountsAndPixels() {
        BinaryMask a = columns(2, 12);
        BinaryMask b = columns(6, 16);
        MaskDisagreement d = MaskDisagreement.of(a, b);
        assertEquals(4 * H, d.onlyFirst());
        assertEquals(4 * H, d.onlySecond());
        assertEquals(80.0 / 200, d.fraction(), 1e-12);

        byte[] grey = new byte[W * H * 3];
        java.util.Arrays.fill(grey, (byte) 100);
        ComparisonRenderer.Colours c = ComparisonRenderer.Colours.DEFAULT;
        ComparisonRenderer.Picture p = ComparisonRenderer.render(LoadedImage.ofRgb("grey", W, H, grey), a, b, null, c,
                1000);
        assertEquals(W, p.width());
        int row = 5 * W;
        assertEquals(0xFF646464, p.argb()[row], "outside both masks: the image");
        assertEquals(c.first(), p.argb()[row + 2], "first mask's left edge");
        assertEquals(c.second(), p.argb()[row + 15], "second mask's right edge");
        int tinted = p.argb()[row + 4]; // only the first mask: tinted towards magenta
        assertEquals(0xFF000000 | 185 << 16 | 45 << 8 | 185, tinted);
        assertEquals(0xFF646464, p.argb()[row + 8], "inside both: no tint");
        assertThrows(IllegalArgumentException.class,
                () -> MaskDisagreement.of(a, new BinaryMask(W, H - 1, new byte[W * (H - 1)])));
    }
}
