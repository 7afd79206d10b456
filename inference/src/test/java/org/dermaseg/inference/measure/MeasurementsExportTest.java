package org.dermaseg.inference.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.inference.export.GeoJson;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageRecordCsv;
import org.dermaseg.inference.report.ImageRecordJson;
import org.dermaseg.inference.report.RunSettings;
import org.junit.jupiter.api.Test;

/** The one JSON/CSV form of the measurements, and its place in the metrics files and GeoJSON. */
class MeasurementsExportTest {
    private static final BinaryMask MASK = Synthetic.mask(300, 300, Synthetic.disc(150, 150, 90));
    private static final LesionMeasurements M = LesionMeasurer.measure(
            Synthetic.uniform(MASK, DermoscopicColour.DARK_BROWN.rgb()), MASK, 0.05);

    @Test
    void jsonNamesTheFieldsOfTheIssue() {
        ObjectNode o = MeasurementsJson.node(M);
        assertEquals(0, o.get("asymmetry").asInt());
        assertEquals("dark_brown", o.get("colours").get(0).asText());
        assertEquals(1, o.get("colours").size());
        assertEquals(6, o.get("colourFractions").size());
        assertEquals(MASK.area() * 0.0025, o.get("areaMm2").asDouble(), 1e-9);
        assertEquals(9.0, o.get("maxDiameterMm").asDouble(), 0.1);
        assertTrue(o.get("diameterOver6mm").asBoolean());
        assertEquals(8, o.get("borderAbruptness").size());
        assertTrue(o.get("asymmetryAxes").get("major").has("shape"));
    }

    @Test
    void metricsFilesAndGeoJsonCarryThem() throws Exception {
        ImageRecord r = ImageRecord.ofMask("a.png", MASK, null, null, null,
                new RunSettings(null, null, null, null, false, true, 0.5, 0.05), false, null, null, M);
        String csv = ImageRecordCsv.document(List.of(r));
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].split(","));
        String[] cells = lines[1].split(",", -1);
        assertEquals("0", cells[header.indexOf("asymmetry")]);
        assertEquals("dark_brown", cells[header.indexOf("colours")]);
        JsonNode json = new ObjectMapper().readTree(ImageRecordJson.document(List.of(r)));
        assertEquals("dark_brown", json.get("images").get(0).get("measurements").get("colours").get(0).asText());

        JsonNode props = GeoJson.featureCollection(MASK, "a", false, 0x00ff00, M).get("features").get(0)
                .get("properties");
        assertEquals(0, props.get("measurements").get("Asymmetry (0-2)").asInt());
        assertEquals(M.size().maxDiameterMm(), props.get("measurements").get("Max diameter mm").asDouble(), 1e-9);
        assertEquals("dark_brown", props.get("dermasegMeasurements").get("colours").get(0).asText());
    }
}
