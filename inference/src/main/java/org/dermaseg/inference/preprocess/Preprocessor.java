package org.dermaseg.inference.preprocess;

import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.image.OpenCvNatives;
import org.dermaseg.inference.model.ModelCard;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The one preprocessing every engine uses (docs/architecture.md, model/data.py {@code preprocess}):
 * INTER_AREA resize on the uint8 RGB image, per-image min-max over all pixels and channels to 0..255 in
 * float32, NCHW with channels in RGB order. Stateless and thread-safe.
 */
public final class Preprocessor {
    private final int width;
    private final int height;

    public Preprocessor(ModelCard card) {
        this(card.inputWidth(), card.inputHeight());
    }

    public Preprocessor(int width, int height) {
        this.width = width;
        this.height = height;
        OpenCvNatives.ensureLoaded();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 3*height*width floats, NCHW (batch of one). */
    public float[] toTensor(LoadedImage image) {
        return toTensor(image.rgb(), image.pixelWidth(), image.pixelHeight());
    }

    /** Same, from interleaved RGB bytes. */
    public float[] toTensor(byte[] rgb, int w, int h) {
        float[] out = new float[3 * width * height];
        toTensor(rgb, w, h, out, 0);
        return out;
    }

    /** Writes into {@code out} at {@code offset} (so batches can share one array). */
    public void toTensor(byte[] rgb, int w, int h, float[] out, int offset) {
        byte[] small = resizeArea(rgb, w, h);
        int lo = 255;
        int hi = 0;
        for (byte b : small) {
            int v = b & 0xff;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int plane = width * height;
        if (hi <= lo) { // flat image: zeros, as the reference does
            java.util.Arrays.fill(out, offset, offset + 3 * plane, 0f);
            return;
        }
        // float32 arithmetic in the same order as numpy: (x - lo) / (hi - lo) * 255
        float flo = lo;
        float range = (float) hi - flo;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                float x = small[3 * i + c] & 0xff;
                out[offset + c * plane + i] = (x - flo) / range * 255f;
            }
        }
    }

    private byte[] resizeArea(byte[] rgb, int w, int h) {
        if ((long) w * h * 3 != rgb.length) {
            throw new IllegalArgumentException(rgb.length + " bytes for " + w + "x" + h + " RGB");
        }
        try (MatScope mats = new MatScope()) {
            Mat src = mats.add(new Mat(h, w, CvType.CV_8UC3));
            Mat dst = mats.add(new Mat());
            src.put(0, 0, rgb);
            Imgproc.resize(src, dst, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
            byte[] small = new byte[width * height * 3];
            dst.get(0, 0, small);
            return small;
        }
    }
}
