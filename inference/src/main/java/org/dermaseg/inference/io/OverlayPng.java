package org.dermaseg.inference.io;

import java.io.IOException;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.ProbabilityMap;
import org.dermaseg.inference.render.ImagePyramid;
import org.dermaseg.inference.render.OverlayRenderer;
import org.dermaseg.inference.render.OverlayStyle;
import org.dermaseg.inference.render.ViewMode;

/**
 * The one overlay file writer, used by the batch ({@code --overlays}) and the GUI's export alike: the
 * image drawn by {@link OverlayRenderer} (what the viewer shows) at full size, as an RGB PNG. Outlines are
 * widened with the image ({@link #forFullSize}) so they stay visible when the file is viewed whole.
 */
public final class OverlayPng {
    private OverlayPng() {
    }

    /**
     * The style a file gets: the overlay even from the "original" view, an outline visible at full size.
     * Without a style chosen (the batch), the default one, comparing with the ground truth when there is one.
     */
    public static OverlayStyle forFullSize(OverlayStyle chosen, boolean hasGroundTruth, int w, int h) {
        OverlayStyle st = chosen != null ? chosen
                : OverlayStyle.DEFAULT.withMode(hasGroundTruth ? ViewMode.COMPARE : ViewMode.MASK);
        if (st.mode() == ViewMode.ORIGINAL) {
            st = st.withMode(ViewMode.MASK);
        }
        double width = Math.max(st.contourWidth(), Math.round(Math.max(w, h) / 400.0));
        return st.withContourWidth(Math.min(64, width));
    }

    /** The batch's overlay: default style, the ground truth compared when given (may be null). */
    public static byte[] encode(LoadedImage image, BinaryMask mask, BinaryMask groundTruth, ProbabilityMap probability)
            throws IOException {
        OverlayStyle st = forFullSize(null, groundTruth != null, image.width(), image.height());
        return encode(ImagePyramid.of(image), mask, groundTruth, probability, st);
    }

    /** The overlay in {@code style} (see {@link #forFullSize}) as an RGB PNG. */
    public static byte[] encode(ImagePyramid image, BinaryMask mask, BinaryMask groundTruth,
                                ProbabilityMap probability, OverlayStyle style) throws IOException {
        int[] argb = OverlayRenderer.renderWhole(image, mask.data(), groundTruth == null ? null : groundTruth.data(),
                probability, style);
        return rgbPng(argb, image.width(), image.height());
    }

    /** Opaque ARGB pixels as an RGB PNG. */
    public static byte[] rgbPng(int[] argb, int width, int height) throws IOException {
        if (argb.length < (long) width * height) {
            throw new IllegalArgumentException("buffer smaller than " + width + "x" + height);
        }
        byte[] bgr = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        for (int i = 0, j = 0; i < width * height; i++, j += 3) {
            int p = argb[i];
            bgr[j] = (byte) p;
            bgr[j + 1] = (byte) (p >> 8);
            bgr[j + 2] = (byte) (p >> 16);
        }
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(height, width, CvType.CV_8UC3));
            m.put(0, 0, bgr);
            return MaskPng.encode(m, 3);
        }
    }
}
