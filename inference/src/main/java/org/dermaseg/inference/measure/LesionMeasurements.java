package org.dermaseg.inference.measure;

import java.util.List;
import java.util.Map;

/**
 * What a dermatologist reads off an outlined lesion: size, asymmetry (PH2's 0/1/2 scale), border and the
 * dermoscopic colours present. Descriptive aids, not a diagnosis. Every value is defined, with its
 * reference, in {@code docs/measurements.md}. Made by {@link LesionMeasurer}; an empty mask has no
 * measurements ({@link LesionMeasurer#measure} returns null).
 *
 * @param size      on the full-resolution mask
 * @param asymmetry on the analysis grid ({@link #analysisScale})
 * @param border    compactness from {@code size}, edge abruptness on the analysis grid
 * @param colours   on the analysis grid
 * @param analysisScale image pixels per analysis-grid pixel (the lesion's longer bounding-box side / 256)
 */
public record LesionMeasurements(Size size, Asymmetry asymmetry, Border border, Colours colours,
                                 double analysisScale) {

    /** Diameter the ABCD rule's "D" criterion names. */
    public static final double DIAMETER_LIMIT_MM = 6.0;

    /**
     * @param areaPx               lesion pixels
     * @param perimeterPx          outer border length in pixels
     * @param maxFeretPx           longest caliper diameter
     * @param minFeretPx           shortest caliper diameter
     * @param equivalentDiameterPx diameter of the disc of the same area
     * @param pixelSizeMm          millimetres per pixel, or null when unknown
     */
    public record Size(long areaPx, double perimeterPx, double maxFeretPx, double minFeretPx,
                       double equivalentDiameterPx, Double pixelSizeMm) {
        public Double areaMm2() {
            return pixelSizeMm == null ? null : areaPx * pixelSizeMm * pixelSizeMm;
        }

        public Double perimeterMm() {
            return mm(perimeterPx);
        }

        public Double maxDiameterMm() {
            return mm(maxFeretPx);
        }

        public Double minDiameterMm() {
            return mm(minFeretPx);
        }

        public Double equivalentDiameterMm() {
            return mm(equivalentDiameterPx);
        }

        /** Longest diameter over {@link #DIAMETER_LIMIT_MM}; null without a pixel size. */
        public Boolean exceeds6mm() {
            return pixelSizeMm == null ? null : maxFeretPx * pixelSizeMm > DIAMETER_LIMIT_MM;
        }

        private Double mm(double px) {
            return pixelSizeMm == null ? null : px * pixelSizeMm;
        }
    }

    /**
     * Folding about each principal axis through the centroid.
     *
     * @param score             0 symmetric about both axes, 1 about one, 2 about none (PH2's scale)
     * @param axisAngleDeg      direction of the major axis, degrees from the image's x axis (y down), (-90, 90]
     * @param majorShape        fraction of the lesion not covered by its mirror image about the major axis
     * @param minorShape        the same about the minor axis
     * @param majorColour       mean Delta E*ab between mirrored points (colours smoothed), major axis
     * @param minorColour       the same, minor axis
     * @param majorAsymmetric   decision for the major axis
     * @param minorAsymmetric   decision for the minor axis
     */
    public record Asymmetry(int score, double axisAngleDeg, double majorShape, double minorShape,
                            double majorColour, double minorColour, boolean majorAsymmetric,
                            boolean minorAsymmetric) {
    }

    /**
     * @param compactness        P^2 / (4 pi A): 1 for a disc, larger for irregular borders
     * @param segmentAbruptness  mean L* gradient across the border in each of 8 equal angular segments
     *                           (starting at the major axis), in L* units per 1/256 of the lesion's size
     */
    public record Border(double compactness, List<Double> segmentAbruptness) {
        public Border {
            segmentAbruptness = List.copyOf(segmentAbruptness);
        }

        public double meanAbruptness() {
            // a segment can be empty (the lesion runs off the image there): averaged over the others
            return segmentAbruptness.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v))
                    .average().orElse(Double.NaN);
        }
    }

    /**
     * @param present   colours whose area fraction reaches the minimum, in {@link DermoscopicColour} order
     * @param fractions every colour's fraction of the lesion area (0 when absent), in enum order
     * @param regions   the per-pixel assignment, for the overlay
     */
    public record Colours(List<DermoscopicColour> present, Map<DermoscopicColour, Double> fractions,
                          ColourRegions regions) {
        public Colours {
            present = List.copyOf(present);
            fractions = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(fractions));
        }

        public List<String> ids() {
            return present.stream().map(DermoscopicColour::id).toList();
        }
    }
}
