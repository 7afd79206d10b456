package org.dermaseg.inference.report;

import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * What a lesion report page says besides the measurements: which image, which model made the outline and
 * how, and when.
 *
 * @param imageName    file name shown as the page title
 * @param modelName    e.g. "UltraLight VM-UNet"
 * @param modelVersion the model card's version
 * @param engine       e.g. "onnx/cpu", or null
 * @param threshold    mask threshold
 * @param outline      how the outline was made, e.g. "model, cleaned up (largest region, holes filled)" or
 *                     "edited by hand"
 * @param created      date and time printed on the page
 */
public record ReportInfo(String imageName, String modelName, String modelVersion, String engine, double threshold,
                         String outline, ZonedDateTime created) {
    public ReportInfo {
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(created, "created");
    }
}
