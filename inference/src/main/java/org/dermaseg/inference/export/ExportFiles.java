package org.dermaseg.inference.export;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dermaseg.inference.batch.ImageFiles;
import org.dermaseg.inference.batch.MaskImages;
import org.dermaseg.inference.image.OpenCvNatives;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * File names and bytes of what the viewer exports for one image: the mask (ISIC naming
 * {@code <stem>_segmentation.png}, 0/255), the overlay picture, the contour GeoJSON and the metrics.
 * Mask PNGs carry {@code tEXt} chunks saying whether the mask is the model's or was edited by hand
 * ({@value #EDITED_KEY} = true/false).
 */
public final class ExportFiles {
    public static final String EDITED_KEY = "dermaseg:edited";
    public static final String OVERLAY_SUFFIX = ImageFiles.OVERLAY_SUFFIX;
    public static final String GEOJSON_SUFFIX = "_contour.geojson";
    public static final String METRICS_CSV_SUFFIX = "_metrics.csv";
    public static final String METRICS_JSON_SUFFIX = "_metrics.json";

    private ExportFiles() {
    }

    /** The image file name without its extension. */
    public static String stem(String imageFileName) {
        return ImageFiles.stem(imageFileName);
    }

    /** {@code ISIC_0000001.jpg} -&gt; {@code ISIC_0000001_segmentation.png}. */
    public static String maskName(String imageFileName) {
        return stem(imageFileName) + ImageFiles.MASK_SUFFIX;
    }

    public static String overlayName(String imageFileName) {
        return stem(imageFileName) + OVERLAY_SUFFIX;
    }

    public static String geoJsonName(String imageFileName) {
        return stem(imageFileName) + GEOJSON_SUFFIX;
    }

    public static String metricsCsvName(String imageFileName) {
        return stem(imageFileName) + METRICS_CSV_SUFFIX;
    }

    public static String metricsJsonName(String imageFileName) {
        return stem(imageFileName) + METRICS_JSON_SUFFIX;
    }

    /** 8-bit grey PNG (0 background, 255 lesion) with text chunks naming its origin. */
    public static byte[] maskPng(BinaryMask mask, boolean edited) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Software", "DermaSeg");
        text.put("Description", "lesion mask, 0 background, 255 lesion; "
                + (edited ? "model output corrected by hand" : "model output"));
        text.put(EDITED_KEY, Boolean.toString(edited));
        return PngText.withText(MaskImages.maskPng(mask), text);
    }

    /** Whether a mask PNG written by {@link #maskPng} says it was edited (false when it says nothing). */
    public static boolean isEditedMask(byte[] png) {
        return "true".equals(PngText.read(png).get(EDITED_KEY));
    }

    /** Opaque ARGB pixels as an RGB PNG. */
    public static byte[] argbPng(int[] argb, int width, int height) throws IOException {
        if (argb.length < (long) width * height) {
            throw new IllegalArgumentException("buffer smaller than " + width + "x" + height);
        }
        OpenCvNatives.ensureLoaded();
        byte[] bgr = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        for (int i = 0, j = 0; i < width * height; i++, j += 3) {
            int p = argb[i];
            bgr[j] = (byte) p;
            bgr[j + 1] = (byte) (p >> 8);
            bgr[j + 2] = (byte) (p >> 16);
        }
        Mat m = new Mat(height, width, CvType.CV_8UC3);
        MatOfByte buf = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 3);
        try {
            m.put(0, 0, bgr);
            if (!Imgcodecs.imencode(".png", m, buf, params)) {
                throw new IOException("PNG encoding failed");
            }
            return buf.toArray();
        } finally {
            m.release();
            buf.release();
            params.release();
        }
    }
}
