package org.dermaseg.inference.render;

import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * One picture of two models' masks on an image: the image, the pixels where the masks disagree tinted, each
 * mask's outline in its own colour, and the ground truth's outline when there is one. Rendered at most
 * {@code maxSide} pixels wide or high (nearest sampling): a preview, not an export.
 */
public final class ComparisonRenderer {
    /** ARGB colours: first model, second model, disagreement tint, ground truth. */
    public record Colours(int first, int second, int disagreement, int groundTruth) {
        public static final Colours DEFAULT = new Colours(0xFF00B0FF, 0xFFFF9100, 0xFFFF00FF, 0xFFFFFFFF);
    }

    /** The rendered pixels ({@code width * height} ARGB, row-major). */
    public record Picture(int width, int height, int[] argb) {
    }

    private static final double TINT = 0.55;

    private ComparisonRenderer() {
    }

    public static Picture render(LoadedImage image, BinaryMask first, BinaryMask second, BinaryMask groundTruth,
                                 Colours colours, int maxSide) {
        int w = first.width();
        int h = first.height();
        if (second.width() != w || second.height() != h
                || (groundTruth != null && (groundTruth.width() != w || groundTruth.height() != h))) {
            throw new IllegalArgumentException("masks differ in size");
        }
        double scale = Math.min(1.0, (double) maxSide / Math.max(w, h));
        int ow = Math.max(1, (int) Math.round(w * scale));
        int oh = Math.max(1, (int) Math.round(h * scale));
        // mask coordinates of each output pixel, and image-pixel coordinates (a reduced decode is smaller)
        int[] mx = new int[ow];
        int[] px = new int[ow];
        for (int x = 0; x < ow; x++) {
            mx[x] = Math.min(w - 1, (int) ((x + 0.5) * w / ow));
            px[x] = Math.min(image.pixelWidth() - 1, (int) ((x + 0.5) * image.pixelWidth() / ow));
        }
        byte[] rgb = image.rgb();
        byte[] a = first.data();
        byte[] b = second.data();
        byte[] g = groundTruth == null ? null : groundTruth.data();
        int[] out = new int[ow * oh];
        for (int y = 0; y < oh; y++) {
            int my = Math.min(h - 1, (int) ((y + 0.5) * h / oh));
            int py = Math.min(image.pixelHeight() - 1, (int) ((y + 0.5) * image.pixelHeight() / oh));
            for (int x = 0; x < ow; x++) {
                int src = (py * image.pixelWidth() + px[x]) * 3;
                int r = rgb[src] & 0xFF;
                int gr = rgb[src + 1] & 0xFF;
                int bl = rgb[src + 2] & 0xFF;
                int m = my * w + mx[x];
                if ((a[m] != 0) != (b[m] != 0)) {
                    int t = colours.disagreement();
                    r = mix(r, (t >> 16) & 0xFF);
                    gr = mix(gr, (t >> 8) & 0xFF);
                    bl = mix(bl, t & 0xFF);
                }
                out[y * ow + x] = 0xFF000000 | r << 16 | gr << 8 | bl;
            }
            // outlines: output pixels whose mask value differs from a 4-neighbour's (in output sampling)
            outline(out, ow, oh, y, mx, my, w, h, a, colours.first());
            outline(out, ow, oh, y, mx, my, w, h, b, colours.second());
            if (g != null) {
                outline(out, ow, oh, y, mx, my, w, h, g, colours.groundTruth());
            }
        }
        return new Picture(ow, oh, out);
    }

    private static int mix(int base, int tint) {
        return (int) Math.round(base * (1 - TINT) + tint * TINT);
    }

    private static void outline(int[] out, int ow, int oh, int y, int[] mx, int my, int w, int h, byte[] mask, int colour) {
        int myUp = Math.min(h - 1, (int) ((Math.max(0, y - 1) + 0.5) * h / oh));
        int myDown = Math.min(h - 1, (int) ((Math.min(oh - 1, y + 1) + 0.5) * h / oh));
        for (int x = 0; x < ow; x++) {
            boolean in = mask[my * w + mx[x]] != 0;
            if (!in) {
                continue;
            }
            boolean edge = x == 0 || x == ow - 1 || y == 0 || y == oh - 1
                    || mask[my * w + mx[x - 1]] == 0 || mask[my * w + mx[x + 1]] == 0
                    || mask[myUp * w + mx[x]] == 0 || mask[myDown * w + mx[x]] == 0;
            if (edge) {
                out[y * ow + x] = colour;
            }
        }
    }
}
