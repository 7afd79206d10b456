package org.dermaseg.inference.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;

class LesionPolygonsTest {
    private static BinaryMask mask(int w, int h, int[]... rects) {
        byte[] d = new byte[w * h];
        for (int[] r : rects) {
            for (int y = r[1]; y < r[3]; y++) {
                for (int x = r[0]; x < r[2]; x++) {
                    d[y * w + x] = (byte) r[4];
                }
            }
        }
        return new BinaryMask(w, h, d);
    }

    @Test
    void rectangleBecomesAClosedRingThroughBoundaryPixelCentres() {
        List<LesionPolygons.Polygon> ps = LesionPolygons.of(mask(50, 50, new int[] {10, 20, 30, 40, 1}));
        assertEquals(1, ps.size());
        LesionPolygons.Polygon p = ps.get(0);
        assertEquals(5, p.exterior().size(), "4 corners (CHAIN_APPROX_SIMPLE) + closing vertex");
        assertArrayEquals(p.exterior().get(0), p.exterior().get(4));
        for (double[] v : p.exterior()) {
            assertTrue(v[0] == 10.5 || v[0] == 29.5, "x " + v[0]);
            assertTrue(v[1] == 20.5 || v[1] == 39.5, "y " + v[1]);
        }
        assertEquals(19.0 * 19.0, p.area(), 1e-9);
        assertTrue(p.holes().isEmpty());
    }

    @Test
    void holesAndSeveralRegionsAreKept() {
        BinaryMask m = mask(60, 40, new int[] {5, 5, 25, 25, 1}, new int[] {10, 10, 20, 20, 0},
                new int[] {40, 5, 50, 15, 1});
        List<LesionPolygons.Polygon> ps = LesionPolygons.of(m);
        assertEquals(2, ps.size());
        LesionPolygons.Polygon ring = ps.stream().filter(p -> !p.holes().isEmpty()).findFirst().orElseThrow();
        assertEquals(1, ring.holes().size());
        assertTrue(ring.area() < 19 * 19 && ring.area() > 19 * 19 - 12 * 12, "hole subtracted: " + ring.area());
    }

    @Test
    void singlePixelBecomesASquare() {
        List<LesionPolygons.Polygon> ps = LesionPolygons.of(mask(10, 10, new int[] {3, 4, 4, 5, 1}));
        assertEquals(1, ps.size());
        assertEquals(1.0, ps.get(0).area(), 1e-9);
    }

    @Test
    void geoJsonIsAQuPathAnnotationFeatureCollection() throws Exception {
        BinaryMask m = mask(50, 50, new int[] {10, 20, 30, 40, 1});
        ObjectNode fc = GeoJson.featureCollection(m, "IMD002", true, 0x00E676);
        JsonNode parsed = GeoJson.MAPPER.readTree(GeoJson.toJson(fc));
        assertEquals("FeatureCollection", parsed.get("type").asText());
        JsonNode f = parsed.get("features").get(0);
        assertEquals("Feature", f.get("type").asText());
        assertEquals("Polygon", f.get("geometry").get("type").asText());
        JsonNode ring = f.get("geometry").get("coordinates").get(0);
        assertEquals(5, ring.size());
        assertEquals(ring.get(0), ring.get(4), "closed ring");
        assertEquals(2, ring.get(0).size(), "[x, y] positions");
        JsonNode props = f.get("properties");
        assertEquals("annotation", props.get("objectType").asText());
        assertEquals("Lesion", props.get("classification").get("name").asText());
        assertEquals(3, props.get("classification").get("color").size());
        assertEquals(230, props.get("classification").get("color").get(1).asInt());
        assertTrue(props.get("dermasegEdited").asBoolean());
        assertEquals(400, props.get("measurements").get("Lesion area px").asLong());

        BinaryMask two = mask(60, 40, new int[] {5, 5, 25, 25, 1}, new int[] {40, 5, 50, 15, 1});
        assertEquals("MultiPolygon", GeoJson.featureCollection(two, "x", false, 0).get("features").get(0)
                .get("geometry").get("type").asText());
        assertEquals(0, GeoJson.featureCollection(new BinaryMask(5, 5, new byte[25]), "empty", false, 0)
                .get("features").size());
    }
}
