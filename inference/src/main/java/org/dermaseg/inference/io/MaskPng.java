package org.dermaseg.inference.io;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import org.dermaseg.inference.image.OpenCvNatives;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * The one mask encoder, used by the batch, {@code segment} and the GUI's export alike: an 8-bit grey PNG,
 * lesion 255, background 0 (ISIC convention), with text chunks naming its origin and whether it was
 * corrected by hand. The same mask gives the same bytes from every route. Thread-safe.
 */
public final class MaskPng {
    public static final String EDITED_KEY = "dermaseg:edited";

    private MaskPng() {
    }

    /** The mask as a PNG; {@code edited} says whether a person corrected the model's output. */
    public static byte[] encode(BinaryMask mask, boolean edited) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Software", "DermaSeg");
        text.put("Description", "lesion mask, 0 background, 255 lesion; "
                + (edited ? "model output corrected by hand" : "model output"));
        text.put(EDITED_KEY, Boolean.toString(edited));
        return PngText.withText(grey(mask), text);
    }

    /** Whether a mask PNG written by {@link #encode} says it was edited (false when it says nothing). */
    public static boolean isEdited(byte[] png) {
        return "true".equals(PngText.read(png).get(EDITED_KEY));
    }

    private static byte[] grey(BinaryMask mask) throws IOException {
        OpenCvNatives.ensureLoaded();
        Mat m = new Mat(mask.height(), mask.width(), CvType.CV_8UC1);
        try {
            m.put(0, 0, mask.to0And255());
            // level 1: masks compress well anyway and encoding time matters over 10,000 files
            return encode(m, 1);
        } finally {
            m.release();
        }
    }

    /** PNG bytes of an 8-bit OpenCV image (grey or BGR) at this zlib level. */
    static byte[] encode(Mat m, int compression) throws IOException {
        MatOfByte buf = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, compression);
        try {
            if (!Imgcodecs.imencode(".png", m, buf, params)) {
                throw new IOException("PNG encoding failed");
            }
            return buf.toArray();
        } finally {
            buf.release();
            params.release();
        }
    }
}
