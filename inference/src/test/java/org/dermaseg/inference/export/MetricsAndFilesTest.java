package org.dermaseg.inference.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.inference.io.PngText;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.inference.io.OverlayPng;

class MetricsAndFilesTest {
    @TempDir
    java.nio.file.Path tmp;

    private static BinaryMask rect(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] d = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                d[y * w + x] = 1;
            }
        }
        return new BinaryMask(w, h, d);
    }

    @Test
    void computesOverlapDistanceAndAreaInMillimetres() {
        BinaryMask pred = rect(100, 100, 10, 10, 50, 50); // 1600 px
        BinaryMask gt = rect(100, 100, 20, 10, 60, 50);   // 1600 px, overlap 30x40 = 1200
        MetricsRecord r = MetricsRecord.compute("a.png", pred, "a_lesion.png", gt, 0.5, false, "onnx/cpu", 12.0, 0.1,
                false, false);
        assertEquals(2.0 * 1200 / 3200, r.dice(), 1e-12);
        assertEquals(1200.0 / 2000, r.iou(), 1e-12);
        assertEquals(1200.0 / 1600, r.sensitivity(), 1e-12);
        assertEquals(1600, r.lesionAreaPx());
        assertEquals(16.0, r.lesionAreaMm2(), 1e-9);
        assertEquals(10.0, r.hd95Px(), 1e-9, "left and right edges 10 px apart");
        assertEquals(1.0, r.hd95Mm(), 1e-9);
        assertEquals(1200L, r.tp());

        MetricsRecord noGt = MetricsRecord.compute("a.png", pred, null, null, 0.5, true, null, null, null, false, false);
        assertFalse(noGt.hasGroundTruth());
        assertTrue(Double.isNaN(noGt.dice()));
        assertNull(noGt.lesionAreaMm2());
        assertThrows(IllegalArgumentException.class,
                () -> MetricsRecord.compute("a", pred, "g", rect(10, 10, 0, 0, 1, 1), 0.5, false, null, null, null,
                        false, false));
    }

    @Test
    void csvAndJsonCarryTheEditedFlagAndUndefinedValues() throws Exception {
        BinaryMask pred = rect(20, 20, 0, 0, 10, 10);
        MetricsRecord withGt = MetricsRecord.compute("x, y.png", pred, "g.png", rect(20, 20, 0, 0, 10, 5), 0.4, true,
                "onnx/cpu", 3.25, null, true, true);
        MetricsRecord without = MetricsRecord.compute("b.png", pred, null, null, 0.5, false, "java/cpu", null, null,
                false, false);
        String csv = MetricsFiles.csv(List.of(withGt, without));
        String[] lines = csv.split("\r\n");
        assertEquals(3, lines.length);
        assertEquals(String.join(",", MetricsFiles.HEADER), lines[0]);
        assertTrue(lines[1].startsWith("\"x, y.png\",g.png,20,20,0.4,true,onnx/cpu,3.3,100,,,"), lines[1]);
        String[] cells = lines[2].split(",", -1);
        assertEquals(MetricsFiles.HEADER.size(), cells.length);
        assertEquals("false", cells[5]);
        assertEquals("", cells[MetricsFiles.HEADER.indexOf("dice")], "no ground truth: empty dice");
        assertEquals("false", cells[MetricsFiles.HEADER.indexOf("clean_up")]);
        assertEquals("true", lines[1].split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)[MetricsFiles.HEADER.indexOf("clean_up")],
                "the first record was cleaned up: " + lines[1]);
        assertEquals("false", cells[MetricsFiles.HEADER.indexOf("tta")]);
        String[] first = lines[1].substring(lines[1].indexOf("g.png")).split(",", -1);
        assertEquals("0.666667", first[MetricsFiles.HEADER.indexOf("dice") - 1]);

        JsonNode doc = GeoJson.MAPPER.readTree(MetricsFiles.json(List.of(withGt, without)));
        JsonNode a = doc.get("images").get(0);
        assertTrue(a.get("edited").asBoolean());
        assertTrue(a.get("cleanUp").asBoolean());
        assertFalse(doc.get("images").get(1).get("cleanUp").asBoolean());
        assertTrue(a.get("tta").asBoolean());
        assertFalse(doc.get("images").get(1).get("tta").asBoolean());
        assertEquals(2.0 / 3, a.get("dice").asDouble(), 1e-12);
        assertEquals(50, a.get("confusion").get("tp").asLong());
        assertTrue(doc.get("images").get(1).get("dice").isNull());
        assertTrue(doc.get("images").get(1).get("hd95Px").isNull());
    }

    @Test
    void maskPngIsIsicNamedAndSaysWhetherItWasEdited() throws Exception {
        assertEquals("ISIC_0000001_segmentation.png", ExportFiles.maskName("ISIC_0000001.jpg"));
        assertEquals("IMD002_overlay.png", ExportFiles.overlayName("IMD002.png"));
        assertEquals("IMD002_contour.geojson", ExportFiles.geoJsonName("IMD002.png"));

        BinaryMask m = rect(30, 20, 5, 5, 15, 15);
        byte[] edited = MaskPng.encode(m, true);
        byte[] model = MaskPng.encode(m, false);
        assertTrue(MaskPng.isEdited(edited));
        assertFalse(MaskPng.isEdited(model));
        Map<String, String> text = PngText.read(edited);
        assertEquals("DermaSeg", text.get("Software"));
        assertTrue(text.get("Description").contains("corrected by hand"));

        // the text chunks keep the PNG valid: it decodes back to the same mask
        java.nio.file.Path f = tmp.resolve(ExportFiles.maskName("a.png"));
        java.nio.file.Files.write(f, edited);
        BinaryMask back = new GroundTruthLoader().load(f);
        assertEquals(m.area(), back.area());
        assertTrue(java.util.Arrays.equals(m.data(), back.data()));
    }

    @Test
    void argbPngDecodesToTheSamePixels() throws Exception {
        int[] argb = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFF123456};
        java.nio.file.Path f = tmp.resolve("o.png");
        java.nio.file.Files.write(f, OverlayPng.rgbPng(argb, 2, 2));
        LoadedImage img = new ImageLoader().load(f);
        byte[] rgb = img.rgb();
        assertEquals(255, rgb[0] & 0xff);
        assertEquals(255, rgb[4] & 0xff);
        assertEquals(255, rgb[8] & 0xff);
        assertEquals(0x12, rgb[9] & 0xff);
        assertEquals(0x34, rgb[10] & 0xff);
        assertEquals(0x56, rgb[11] & 0xff);
    }

    @Test
    void pngTextRejectsNonPngs() {
        assertThrows(IllegalArgumentException.class, () -> PngText.read(new byte[40]));
    }
}
