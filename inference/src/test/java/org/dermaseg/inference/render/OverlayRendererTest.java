package org.dermaseg.inference.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dermaseg.inference.preprocess.ProbabilityMap;
import org.junit.jupiter.api.Test;

class OverlayRendererTest {
    private static final int GREY = 0xFF808080;

    private static ImagePyramid grey(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        java.util.Arrays.fill(rgb, (byte) 0x80);
        return ImagePyramid.ofRgb(w, h, rgb);
    }

    /** w x h mask with lesion in [x0, x1) x [y0, y1). */
    private static byte[] rect(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] m = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m[y * w + x] = 1;
            }
        }
        return m;
    }

    @Test
    void maskFillBlendsAndContourIsABandOfTheGivenWidth() {
        ImagePyramid img = grey(40, 40);
        byte[] mask = rect(40, 40, 10, 10, 30, 30);
        OverlayStyle style = new OverlayStyle(ViewMode.MASK, 0.5, true, 2, 0x00FF00);
        int[] out = OverlayRenderer.renderWhole(img, mask, null, null, style);
        int contour = 0xFF00FF00;
        assertEquals(GREY, out[5 * 40 + 5], "outside: the image");
        assertEquals(contour, out[10 * 40 + 15], "edge row");
        assertEquals(contour, out[11 * 40 + 15], "second band row");
        int inside = out[20 * 40 + 20];
        assertNotEquals(contour, inside);
        assertEquals(0x40, (inside >> 16) & 0xff, "red 0x80 half way to 0");
        assertEquals(0xBF, (inside >> 8) & 0xff, "green 0x80 half way to 0xFF");
        assertEquals(0xFF808080 & 0xFFFFFFFF, out[9 * 40 + 15], "contour is inside the lesion only");
        // count: band of 2 around a 20x20 square = 400 - 16*16
        int n = 0;
        for (int p : out) {
            n += p == contour ? 1 : 0;
        }
        assertEquals(400 - 256, n);
    }

    @Test
    void originalModeDrawsNoOverlayAndOutsideTheImageIsBackground() {
        ImagePyramid img = grey(20, 20);
        byte[] mask = rect(20, 20, 0, 0, 20, 20);
        int[] out = new int[30 * 30];
        OverlayRenderer.render(img, mask, null, null, OverlayStyle.DEFAULT.withMode(ViewMode.ORIGINAL),
                new Viewport(-5, -5, 1, 30, 30), out);
        assertEquals(OverlayStyle.BACKGROUND_ARGB, out[0]);
        assertEquals(GREY, out[10 * 30 + 10]);
        assertEquals(OverlayStyle.BACKGROUND_ARGB, out[29 * 30 + 29]);
    }

    @Test
    void compareModeColoursTruePositivesFalsePositivesAndFalseNegatives() {
        ImagePyramid img = grey(30, 10);
        byte[] pred = rect(30, 10, 0, 0, 20, 10);
        byte[] gt = rect(30, 10, 10, 0, 30, 10);
        OverlayStyle style = new OverlayStyle(ViewMode.COMPARE, 1.0, false, 0, 0x00FF00);
        int[] out = OverlayRenderer.renderWhole(img, pred, gt, null, style);
        assertEquals(0xFF000000 | OverlayStyle.FP_COLOR, out[5 * 30 + 5]);
        assertEquals(0xFF000000 | OverlayStyle.TP_COLOR, out[5 * 30 + 15]);
        assertEquals(0xFF000000 | OverlayStyle.FN_COLOR, out[5 * 30 + 25]);
        // without ground truth compare falls back to the mask colours
        int[] noGt = OverlayRenderer.renderWhole(img, pred, null, null, style);
        assertEquals(0xFF00FF00, noGt[5 * 30 + 5]);
    }

    @Test
    void heatMapFollowsTheProbabilities() {
        ImagePyramid img = grey(64, 64);
        float[] p = new float[4 * 4];
        for (int i = 0; i < 16; i++) {
            p[i] = (i % 4) < 2 ? 0f : 1f; // left half 0, right half 1
        }
        OverlayStyle style = new OverlayStyle(ViewMode.PROBABILITY, 1.0, false, 0, 0x00FF00);
        int[] out = OverlayRenderer.renderWhole(img, new byte[64 * 64], null, new ProbabilityMap(4, 4, p), style);
        assertEquals(0xFF000000 | Colormap.turbo(1), out[32 * 64 + 61], "p = 1: opaque colour map");
        int low = out[32 * 64 + 2];
        int expected = OverlayRenderer.blend(GREY, Colormap.turbo(0), (int) (256 * 0.2f));
        assertEquals(expected, low, "p = 0: a light tint, the image stays visible");
    }

    @Test
    void zoomedOutReadsASmallLevelAndZoomedInMagnifiesPixels() {
        ImagePyramid img = ImagePyramid.ofRgb(2048, 1024, new byte[2048 * 1024 * 3]);
        int[] out = new int[512 * 256];
        ImagePyramid.Level used = OverlayRenderer.render(img, null, null, null, OverlayStyle.DEFAULT,
                new Viewport(0, 0, 0.25, 512, 256), out);
        assertEquals(4, used.factor());

        // 8x zoom on a 4x4 image: each image pixel is an 8x8 block, mask edits of one pixel visible
        ImagePyramid small = grey(4, 4);
        byte[] mask = new byte[16];
        mask[5] = 1; // pixel (1, 1)
        int[] big = new int[32 * 32];
        OverlayRenderer.render(small, mask, null, null, new OverlayStyle(ViewMode.MASK, 1, false, 0, 0xFF0000),
                new Viewport(0, 0, 8, 32, 32), big);
        assertEquals(0xFFFF0000, big[8 * 32 + 8]);
        assertEquals(0xFFFF0000, big[15 * 32 + 15]);
        assertEquals(GREY, big[16 * 32 + 16]);
    }

    @Test
    void bandHandlesLesionsTouchingTheBorder() {
        byte[] m = rect(10, 10, 0, 0, 10, 10);
        byte[] edge = OverlayRenderer.band(m, 10, 10, 1);
        int n = 0;
        for (byte b : edge) {
            n += b;
        }
        assertEquals(0, n, "a full grid has no background to border (the renderer's margin supplies it)");
        byte[] hole = m.clone();
        hole[55] = 0;
        edge = OverlayRenderer.band(hole, 10, 10, 1);
        n = 0;
        for (byte b : edge) {
            n += b;
        }
        assertEquals(8, n, "ring around a one-pixel hole");
    }

    @Test
    void viewportCostDoesNotGrowWithTheImage() {
        // a 6000x4000 image shown fit in a 1200x800 view reads level 2 (1500x1000), never the full image
        ImagePyramid big = ImagePyramid.ofRgb(6000, 4000, new byte[6000 * 4000 * 3]);
        byte[] mask = new byte[6000 * 4000];
        Viewport fit = Viewport.fit(6000, 4000, 1200, 800);
        int[] out = new int[1200 * 800];
        ImagePyramid.Level l = OverlayRenderer.render(big, mask, null, null, OverlayStyle.DEFAULT, fit, out);
        assertEquals(1500, l.width());
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            OverlayRenderer.render(big, mask, null, null, OverlayStyle.DEFAULT, fit, out);
            best = Math.min(best, System.nanoTime() - t0);
        }
        // generous bound for a shared 2-core CI machine; a frame of ~1 M pixels takes a few ms when warm
        assertTrue(best < 250_000_000L, "render took " + best / 1e6 + " ms");
    }
}
