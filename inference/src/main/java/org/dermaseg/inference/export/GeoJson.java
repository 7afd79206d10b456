package org.dermaseg.inference.export;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.MeasurementsJson;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * The lesion outline as GeoJSON that QuPath imports as an annotation (File &gt; Import objects): a
 * {@code FeatureCollection} with one {@code Feature} whose geometry is a {@code Polygon} (one region) or
 * {@code MultiPolygon} (several), in image pixel coordinates (x right, y down), and QuPath's properties
 * {@code objectType: "annotation"}, {@code name}, {@code classification {name, color}}.
 * An empty mask gives an empty collection.
 */
public final class GeoJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GeoJson() {
    }

    /**
     * @param name       annotation name, e.g. the image stem
     * @param edited     whether the mask was corrected by hand (kept as a property)
     * @param colorRgb   the class colour QuPath shows, 0xRRGGBB
     */
    public static ObjectNode featureCollection(BinaryMask mask, String name, boolean edited, int colorRgb) {
        return featureCollection(mask, name, edited, colorRgb, null);
    }

    /**
     * As above, with the lesion's measurements: the numbers in QuPath's {@code measurements} map (names with
     * units, so QuPath's measurement table shows them), and the whole object as {@code dermasegMeasurements}.
     */
    public static ObjectNode featureCollection(BinaryMask mask, String name, boolean edited, int colorRgb,
                                               LesionMeasurements lesion) {
        List<LesionPolygons.Polygon> polygons = LesionPolygons.of(mask);
        ObjectNode fc = MAPPER.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        if (polygons.isEmpty()) {
            return fc;
        }
        ObjectNode feature = features.addObject();
        feature.put("type", "Feature");
        feature.put("id", UUID.nameUUIDFromBytes((name + "/lesion").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
        ObjectNode geometry = feature.putObject("geometry");
        if (polygons.size() == 1) {
            geometry.put("type", "Polygon");
            addPolygon(geometry.putArray("coordinates"), polygons.get(0));
        } else {
            geometry.put("type", "MultiPolygon");
            ArrayNode multi = geometry.putArray("coordinates");
            for (LesionPolygons.Polygon p : polygons) {
                addPolygon(multi.addArray(), p);
            }
        }
        ObjectNode props = feature.putObject("properties");
        props.put("objectType", "annotation");
        props.put("name", name);
        ObjectNode cls = props.putObject("classification");
        cls.put("name", "Lesion");
        ArrayNode color = cls.putArray("color");
        color.add((colorRgb >> 16) & 0xff).add((colorRgb >> 8) & 0xff).add(colorRgb & 0xff);
        props.put("isLocked", false);
        ObjectNode measurements = props.putObject("measurements");
        measurements.put("Lesion area px", mask.area());
        if (lesion != null) {
            LesionMeasurements.Size sz = lesion.size();
            measurements.put("Perimeter px", sz.perimeterPx());
            measurements.put("Max diameter px", sz.maxFeretPx());
            measurements.put("Min diameter px", sz.minFeretPx());
            if (sz.pixelSizeMm() != null) {
                measurements.put("Area mm^2", sz.areaMm2());
                measurements.put("Max diameter mm", sz.maxDiameterMm());
            }
            measurements.put("Asymmetry (0-2)", lesion.asymmetry().score());
            measurements.put("Compactness", lesion.border().compactness());
            lesion.colours().fractions().forEach((c, f) -> measurements.put("Colour fraction " + c.id(), f));
            props.set("dermasegMeasurements", MeasurementsJson.node(lesion));
        }
        props.put("dermasegEdited", edited);
        props.put("dermasegSource", edited ? "edited by hand" : "model");
        return fc;
    }

    public static String toJson(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("GeoJSON serialisation failed", e);
        }
    }

    private static void addPolygon(ArrayNode rings, LesionPolygons.Polygon p) {
        addRing(rings.addArray(), p.exterior());
        for (List<double[]> hole : p.holes()) {
            addRing(rings.addArray(), hole);
        }
    }

    private static void addRing(ArrayNode ring, List<double[]> pts) {
        for (double[] pt : pts) {
            ring.addArray().add(pt[0]).add(pt[1]);
        }
    }
}
