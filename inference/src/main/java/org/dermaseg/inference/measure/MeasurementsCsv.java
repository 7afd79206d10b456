package org.dermaseg.inference.measure;

import java.util.ArrayList;
import java.util.List;

import org.dermaseg.inference.io.FixedDecimal;

/**
 * The measurement columns every CSV report appends (batch {@code report.csv}, metrics CSV): one definition so
 * the files agree. Empty cells when unknown (no lesion, no pixel size); colours as space-separated ids.
 */
public final class MeasurementsCsv {
    public static final List<String> HEADER;

    static {
        List<String> h = new ArrayList<>(List.of("asymmetry", "colours", "area_mm2", "max_diameter_mm",
                "min_diameter_mm", "equivalent_diameter_mm", "diameter_over_6mm", "perimeter_px", "max_diameter_px",
                "min_diameter_px", "equivalent_diameter_px", "compactness", "border_abruptness_mean",
                "asym_shape_major", "asym_shape_minor", "asym_colour_major", "asym_colour_minor"));
        for (DermoscopicColour c : DermoscopicColour.values()) {
            h.add("fraction_" + c.id());
        }
        HEADER = List.copyOf(h);
    }

    private MeasurementsCsv() {
    }

    /** The cells (unquoted; null = empty), {@link #HEADER}'s order. */
    public static List<String> cells(LesionMeasurements m) {
        List<String> c = new ArrayList<>(HEADER.size());
        if (m == null) {
            for (int i = 0; i < HEADER.size(); i++) {
                c.add(null);
            }
            return c;
        }
        LesionMeasurements.Size s = m.size();
        c.add(Integer.toString(m.asymmetry().score()));
        c.add(String.join(" ", m.colours().ids()));
        c.add(num(s.areaMm2()));
        c.add(num(s.maxDiameterMm()));
        c.add(num(s.minDiameterMm()));
        c.add(num(s.equivalentDiameterMm()));
        c.add(s.exceeds6mm() == null ? null : s.exceeds6mm().toString());
        c.add(num(s.perimeterPx()));
        c.add(num(s.maxFeretPx()));
        c.add(num(s.minFeretPx()));
        c.add(num(s.equivalentDiameterPx()));
        c.add(num(m.border().compactness()));
        c.add(num(m.border().meanAbruptness()));
        c.add(num(m.asymmetry().majorShape()));
        c.add(num(m.asymmetry().minorShape()));
        c.add(num(m.asymmetry().majorColour()));
        c.add(num(m.asymmetry().minorColour()));
        for (DermoscopicColour col : DermoscopicColour.values()) {
            c.add(num(m.colours().fractions().get(col)));
        }
        return c;
    }

    private static String num(Double v) {
        return v == null || !Double.isFinite(v) ? null : FixedDecimal.format(v, 4);
    }
}
