package org.dermaseg.inference.batch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import org.dermaseg.inference.image.OpenCvNatives;
import org.dermaseg.inference.preprocess.BinaryMask;

/** PNG encoding of batch outputs: 0/255 masks and overlays. Thread-safe (no shared state). */
public final class MaskImages {
    /** Opacity of the lesion fill in overlays: enough to see, light enough to keep the dermoscopy visible. */
    public static final double FILL_ALPHA = 0.35;
    private static final int[] FILL_RGB = {0, 220, 90};
    private static final Scalar PRED_CONTOUR_BGR = new Scalar(90, 255, 0);
    private static final Scalar GT_CONTOUR_BGR = new Scalar(255, 120, 0);

    private MaskImages() {
    }

    /** 8-bit grey PNG, lesion 255, background 0 (ISIC convention). */
    public static byte[] maskPng(BinaryMask mask) throws IOException {
        OpenCvNatives.ensureLoaded();
        Mat m = new Mat(mask.height(), mask.width(), CvType.CV_8UC1);
        try {
            m.put(0, 0, mask.to0And255());
            return encode(m);
        } finally {
            m.release();
        }
    }

    /**
     * The image with the predicted lesion filled semi-transparently and outlined; the ground truth,
     * when given, outlined in another colour (blue) so disagreement is visible at a glance.
     *
     * @param rgb interleaved RGB at the mask's size
     */
    public static byte[] overlayPng(byte[] rgb, BinaryMask mask, BinaryMask groundTruth) throws IOException {
        OpenCvNatives.ensureLoaded();
        int w = mask.width();
        int h = mask.height();
        if (rgb.length != (long) w * h * 3) {
            throw new IllegalArgumentException("image is not " + w + "x" + h + " RGB");
        }
        byte[] bgr = new byte[rgb.length];
        byte[] m = mask.data();
        for (int i = 0, j = 0; i < m.length; i++, j += 3) {
            int r = rgb[j] & 0xff;
            int g = rgb[j + 1] & 0xff;
            int b = rgb[j + 2] & 0xff;
            if (m[i] != 0) {
                r = blend(r, FILL_RGB[0]);
                g = blend(g, FILL_RGB[1]);
                b = blend(b, FILL_RGB[2]);
            }
            bgr[j] = (byte) b;
            bgr[j + 1] = (byte) g;
            bgr[j + 2] = (byte) r;
        }
        Mat img = new Mat(h, w, CvType.CV_8UC3);
        try {
            img.put(0, 0, bgr);
            int thickness = Math.max(1, Math.round(Math.max(w, h) / 400f));
            if (groundTruth != null) {
                outline(img, groundTruth, GT_CONTOUR_BGR, thickness);
            }
            outline(img, mask, PRED_CONTOUR_BGR, thickness);
            return encode(img);
        } finally {
            img.release();
        }
    }

    private static int blend(int base, int color) {
        return (int) Math.round(base * (1 - FILL_ALPHA) + color * FILL_ALPHA);
    }

    private static void outline(Mat img, BinaryMask mask, Scalar color, int thickness) {
        Mat m = new Mat(mask.height(), mask.width(), CvType.CV_8UC1);
        Mat hierarchy = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        try {
            m.put(0, 0, mask.data());
            // RETR_LIST: holes get an outline too, so a ring-shaped lesion reads as a ring
            Imgproc.findContours(m, contours, hierarchy, Imgproc.RETR_LIST, Imgproc.CHAIN_APPROX_SIMPLE);
            Imgproc.drawContours(img, contours, -1, color, thickness, Imgproc.LINE_AA);
        } finally {
            m.release();
            hierarchy.release();
            for (MatOfPoint c : contours) {
                c.release();
            }
        }
    }

    private static byte[] encode(Mat m) throws IOException {
        MatOfByte buf = new MatOfByte();
        // level 1: masks compress well anyway and encoding time matters over 10,000 files
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 1);
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
