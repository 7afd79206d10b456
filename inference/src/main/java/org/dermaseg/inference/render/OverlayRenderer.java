package org.dermaseg.inference.render;

import java.util.Objects;

import org.dermaseg.inference.preprocess.ProbabilityMap;

/**
 * Draws an image with its segmentation overlay into an ARGB buffer, for a {@link Viewport}: only the
 * pixels the view shows are computed, and the image colours come from the {@link ImagePyramid} level
 * that matches the zoom, so the cost depends on the size of the view, not of the image.
 *
 * <p>Masks are sampled at full resolution (nearest pixel) so an edit of one pixel shows at any zoom; the
 * contour is a band of {@code contourWidth} output pixels along the inside of the sampled mask's edge, so
 * it keeps its on-screen width whatever the zoom. Probabilities are bilinear from the model's map (the same
 * interpolation the mask is thresholded from) and drawn in the Turbo colour map with an opacity of
 * {@code min(1, 2 * fillOpacity) * (0.2 + 0.8 p)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OverlayRenderer {
    private OverlayRenderer() {
    }

    /**
     * @param pyramid     the image
     * @param mask        lesion mask at the image's full size (0/1, row-major), or null to draw none
     * @param groundTruth ground truth at the image's full size, or null (used in {@link ViewMode#COMPARE})
     * @param probability the model's probability map (any size; scaled to the image), or null
     * @param out         receives {@code viewport.width() * viewport.height()} opaque ARGB pixels
     * @return the pyramid level the image colours were read from
     */
    public static ImagePyramid.Level render(ImagePyramid pyramid, byte[] mask, byte[] groundTruth,
                                            ProbabilityMap probability, OverlayStyle style, Viewport viewport,
                                            int[] out) {
        Objects.requireNonNull(pyramid, "pyramid");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(viewport, "viewport");
        int iw = pyramid.width();
        int ih = pyramid.height();
        long pixels = (long) iw * ih;
        if (mask != null && mask.length != pixels) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, image " + iw + "x" + ih);
        }
        if (groundTruth != null && groundTruth.length != pixels) {
            throw new IllegalArgumentException("ground truth has " + groundTruth.length + " pixels, image " + iw + "x" + ih);
        }
        int ow = viewport.width();
        int oh = viewport.height();
        if (out.length < (long) ow * oh) {
            throw new IllegalArgumentException("output buffer holds " + out.length + " pixels, viewport " + ow + "x" + oh);
        }
        ImagePyramid.Level level = pyramid.levelFor(viewport.scale());
        ViewMode mode = style.mode();
        if (mode == ViewMode.PROBABILITY && probability == null) {
            mode = ViewMode.MASK;
        }
        if (mode == ViewMode.COMPARE && groundTruth == null) {
            mode = ViewMode.MASK;
        }
        if (mask == null && mode != ViewMode.PROBABILITY) {
            mode = ViewMode.ORIGINAL; // nothing to draw yet (e.g. segmentation still running)
        }
        boolean drawMask = mode != ViewMode.ORIGINAL && mask != null;
        int r = drawMask && style.contour() && style.contourWidth() > 0
                ? Math.max(1, (int) Math.round(style.contourWidth())) : 0;

        // sample grid = viewport plus a margin of r on every side (the contour looks r pixels around)
        int gw = ow + 2 * r;
        int gh = oh + 2 * r;
        int[] gx2ix = axis(viewport.originX(), viewport.scale(), r, gw, iw);
        int[] gy2iy = axis(viewport.originY(), viewport.scale(), r, gh, ih);

        byte[] pred = drawMask ? sample(mask, iw, gx2ix, gy2iy) : null;
        byte[] gt = mode == ViewMode.COMPARE ? sample(groundTruth, iw, gx2ix, gy2iy) : null;
        byte[] predEdge = r > 0 && pred != null ? band(pred, gw, gh, r) : null;
        byte[] gtEdge = r > 0 && gt != null ? band(gt, gw, gh, r) : null;

        Bilinear bx = null;
        Bilinear by = null;
        float[] prob = null;
        int pw = 0;
        if (mode == ViewMode.PROBABILITY) {
            pw = probability.width();
            prob = probability.values();
            bx = Bilinear.of(gx2ix, r, ow, iw, probability.width());
            by = Bilinear.of(gy2iy, r, oh, ih, probability.height());
        }

        int alpha = (int) Math.round(style.fillOpacity() * 256);
        // the heat-map needs more ink than a flat fill to be read: twice the fill opacity, at most opaque
        float heatAlpha = (float) Math.min(256, 2 * alpha);
        int color = style.color();
        int contourArgb = 0xFF000000 | (mode == ViewMode.PROBABILITY ? 0xFFFFFF : color);
        int gtContourArgb = 0xFF000000 | OverlayStyle.GT_CONTOUR_COLOR;
        int[] src = level.argb();
        int lw = level.width();
        int f = level.factor();

        for (int sy = 0; sy < oh; sy++) {
            int gy = sy + r;
            int y = gy2iy[gy];
            int orow = sy * ow;
            int grow = gy * gw;
            if (y < 0) {
                java.util.Arrays.fill(out, orow, orow + ow, OverlayStyle.BACKGROUND_ARGB);
                continue;
            }
            int lrow = (y / f) * lw;
            for (int sx = 0; sx < ow; sx++) {
                int gx = sx + r;
                int x = gx2ix[gx];
                if (x < 0) {
                    out[orow + sx] = OverlayStyle.BACKGROUND_ARGB;
                    continue;
                }
                int base = src[lrow + x / f];
                int g = grow + gx;
                int c;
                switch (mode) {
                    case MASK -> c = pred[g] != 0 ? blend(base, color, alpha) : base;
                    case COMPARE -> {
                        boolean p = pred[g] != 0;
                        boolean t = gt[g] != 0;
                        c = p ? blend(base, t ? OverlayStyle.TP_COLOR : OverlayStyle.FP_COLOR, alpha)
                                : (t ? blend(base, OverlayStyle.FN_COLOR, alpha) : base);
                    }
                    case PROBABILITY -> {
                        int k0 = by.i0[sy] * pw;
                        int k1 = by.i1[sy] * pw;
                        float ax = bx.a[sx];
                        float ay = by.a[sy];
                        float top = prob[k0 + bx.i0[sx]] * (1 - ax) + prob[k0 + bx.i1[sx]] * ax;
                        float bottom = prob[k1 + bx.i0[sx]] * (1 - ax) + prob[k1 + bx.i1[sx]] * ax;
                        float pv = top * (1 - ay) + bottom * ay;
                        // opacity grows with the probability: skin stays visible, the lesion glows
                        int a = (int) (heatAlpha * (0.2f + 0.8f * Math.max(0f, Math.min(1f, pv))));
                        c = blend(base, Colormap.turbo(pv), a);
                    }
                    default -> c = base;
                }
                if (gtEdge != null && gtEdge[g] != 0) {
                    c = gtContourArgb;
                }
                if (predEdge != null && predEdge[g] != 0) {
                    c = contourArgb;
                }
                out[orow + sx] = c;
            }
        }
        return level;
    }

    /** Image index (or -1 outside the image) for each grid position along one axis. */
    private static int[] axis(double origin, double scale, int margin, int n, int size) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            double v = origin + (i - margin + 0.5) / scale;
            idx[i] = v >= 0 && v < size ? (int) v : -1;
        }
        return idx;
    }

    private static byte[] sample(byte[] mask, int iw, int[] xs, int[] ys) {
        int gw = xs.length;
        byte[] out = new byte[gw * ys.length];
        for (int gy = 0; gy < ys.length; gy++) {
            int y = ys[gy];
            if (y < 0) {
                continue;
            }
            int row = y * iw;
            int o = gy * gw;
            for (int gx = 0; gx < gw; gx++) {
                int x = xs[gx];
                if (x >= 0 && mask[row + x] != 0) {
                    out[o + gx] = 1;
                }
            }
        }
        return out;
    }

    /**
     * Inner edge band of width {@code r}: mask pixels with a background pixel within Chebyshev distance
     * {@code r} (mask minus its erosion by a (2r+1)-square), by two running-window passes.
     */
    static byte[] band(byte[] m, int w, int h, int r) {
        // horizontal: number of background pixels in [x - r, x + r] of the row, clamped to the grid
        byte[] rowAll = new byte[m.length];
        for (int y = 0; y < h; y++) {
            int o = y * w;
            int zeros = 0;
            for (int x = 0; x <= Math.min(r, w - 1); x++) {
                zeros += m[o + x] == 0 ? 1 : 0;
            }
            for (int x = 0; x < w; x++) {
                rowAll[o + x] = zeros == 0 ? (byte) 1 : 0;
                int in = x + r + 1;
                int outIdx = x - r;
                if (in < w && m[o + in] == 0) {
                    zeros++;
                }
                if (outIdx >= 0 && m[o + outIdx] == 0) {
                    zeros--;
                }
            }
        }
        byte[] edge = new byte[m.length];
        for (int x = 0; x < w; x++) {
            int not = 0; // rows in the window whose horizontal window is not all mask
            for (int y = 0; y <= Math.min(r, h - 1); y++) {
                not += rowAll[y * w + x] == 0 ? 1 : 0;
            }
            for (int y = 0; y < h; y++) {
                int i = y * w + x;
                if (m[i] != 0 && not > 0) {
                    edge[i] = 1;
                }
                int in = y + r + 1;
                int outIdx = y - r;
                if (in < h && rowAll[in * w + x] == 0) {
                    not++;
                }
                if (outIdx >= 0 && rowAll[outIdx * w + x] == 0) {
                    not--;
                }
            }
        }
        return edge;
    }

    /** {@code base * (1 - a) + rgb * a}, a in 1/256 units. */
    static int blend(int base, int rgb, int a) {
        int na = 256 - a;
        int r = (((base >> 16) & 0xff) * na + ((rgb >> 16) & 0xff) * a) >> 8;
        int g = (((base >> 8) & 0xff) * na + ((rgb >> 8) & 0xff) * a) >> 8;
        int b = ((base & 0xff) * na + (rgb & 0xff) * a) >> 8;
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    /** Bilinear sampling positions (half-pixel centres, OpenCV INTER_LINEAR) of the viewport's pixels. */
    private record Bilinear(int[] i0, int[] i1, float[] a) {
        static Bilinear of(int[] gridToImage, int margin, int n, int imageSize, int mapSize) {
            int[] i0 = new int[n];
            int[] i1 = new int[n];
            float[] a = new float[n];
            double scale = (double) mapSize / imageSize;
            for (int s = 0; s < n; s++) {
                int img = Math.max(0, gridToImage[s + margin]);
                double f = (img + 0.5) * scale - 0.5;
                int k = (int) Math.floor(f);
                double frac = f - k;
                if (k < 0) {
                    k = 0;
                    frac = 0;
                }
                if (k >= mapSize - 1) {
                    k = mapSize - 1;
                    frac = 0;
                }
                i0[s] = k;
                i1[s] = Math.min(k + 1, mapSize - 1);
                a[s] = (float) frac;
            }
            return new Bilinear(i0, i1, a);
        }
    }

    /** The whole image at full size (for exports): {@code width * height} ARGB pixels. */
    public static int[] renderWhole(ImagePyramid pyramid, byte[] mask, byte[] groundTruth, ProbabilityMap probability,
                                    OverlayStyle style) {
        int[] out = new int[Math.multiplyExact(pyramid.width(), pyramid.height())];
        render(pyramid, mask, groundTruth, probability, style, Viewport.whole(pyramid.width(), pyramid.height()), out);
        return out;
    }
}
