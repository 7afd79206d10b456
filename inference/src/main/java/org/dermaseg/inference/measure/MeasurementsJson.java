package org.dermaseg.inference.measure;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of {@link LesionMeasurements}, used by every report ({@code report.json}, metrics JSON,
 * {@code segment --json}): the fields named in docs/measurements.md. Millimetre values are null without a
 * pixel size; undefined numbers are null.
 */
public final class MeasurementsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MeasurementsJson() {
    }

    public static ObjectNode node(LesionMeasurements m) {
        ObjectNode o = MAPPER.createObjectNode();
        LesionMeasurements.Size s = m.size();
        o.put("areaPx", s.areaPx());
        number(o, "perimeterPx", s.perimeterPx());
        number(o, "maxDiameterPx", s.maxFeretPx());
        number(o, "minDiameterPx", s.minFeretPx());
        number(o, "equivalentDiameterPx", s.equivalentDiameterPx());
        number(o, "pixelSizeMm", s.pixelSizeMm());
        number(o, "areaMm2", s.areaMm2());
        number(o, "perimeterMm", s.perimeterMm());
        number(o, "maxDiameterMm", s.maxDiameterMm());
        number(o, "minDiameterMm", s.minDiameterMm());
        number(o, "equivalentDiameterMm", s.equivalentDiameterMm());
        if (s.exceeds6mm() == null) {
            o.putNull("diameterOver6mm");
        } else {
            o.put("diameterOver6mm", s.exceeds6mm());
        }
        LesionMeasurements.Asymmetry a = m.asymmetry();
        o.put("asymmetry", a.score());
        ObjectNode ad = o.putObject("asymmetryAxes");
        number(ad, "majorAxisAngleDeg", a.axisAngleDeg());
        axis(ad.putObject("major"), a.majorShape(), a.majorColour(), a.majorAsymmetric());
        axis(ad.putObject("minor"), a.minorShape(), a.minorColour(), a.minorAsymmetric());
        ad.put("shapeCutoff", AsymmetryCalculator.SHAPE_CUTOFF);
        ad.put("colourCutoffDeltaE", AsymmetryCalculator.COLOUR_CUTOFF);
        number(o, "compactness", m.border().compactness());
        ArrayNode ab = o.putArray("borderAbruptness");
        for (double v : m.border().segmentAbruptness()) {
            if (Double.isFinite(v)) {
                ab.add(v);
            } else {
                ab.addNull();
            }
        }
        ArrayNode colours = o.putArray("colours");
        m.colours().ids().forEach(colours::add);
        ObjectNode fr = o.putObject("colourFractions");
        m.colours().fractions().forEach((c, f) -> fr.put(c.id(), f));
        o.put("colourMinFraction", ColourCalculator.MIN_FRACTION);
        number(o, "analysisScale", m.analysisScale());
        return o;
    }

    /** Writes {@code "measurements": {...}} (or null) through a streaming generator. */
    public static void write(JsonGenerator g, String field, LesionMeasurements m) throws IOException {
        g.writeFieldName(field);
        if (m == null) {
            g.writeNull();
        } else {
            MAPPER.writeTree(g, node(m));
        }
    }

    private static void axis(ObjectNode o, double shape, double colour, boolean asymmetric) {
        number(o, "shape", shape);
        number(o, "colourDeltaE", colour);
        o.put("asymmetric", asymmetric);
    }

    private static void number(ObjectNode o, String name, Double v) {
        if (v == null || !Double.isFinite(v)) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }
}
