package org.dermaseg.inference.export;

import org.dermaseg.inference.io.ImageFiles;

/**
 * File names of what the viewer exports for one image: the mask (ISIC naming
 * {@code <stem>_segmentation.png}), the overlay picture, the contour GeoJSON and the metrics. The bytes
 * come from the encoders the batch uses too: {@link org.dermaseg.inference.io.MaskPng} and
 * {@link org.dermaseg.inference.io.OverlayPng}.
 */
public final class ExportFiles {
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
}
