package org.dermaseg.inference.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.inference.metrics.MetricsPool;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;

/** The one per-image record and its one CSV and JSON form (batch reports and the window's metrics export). */
public class ImageRecordCsvTest {
    private static final RunSettings RUN = new RunSettings("m", "2.0.0", "onnx", "cpu", true, true, 0.4, null);

    private static BinaryMask rect(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] d = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                d[y * w + x] = 1;
            }
        }
        return new BinaryMask(w, h, d);
    }

    /** Minimal RFC 4180 split for the test (quotes, doubled quotes, commas). */
    public static List<String> split(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    @Test
    void failedRowQuotesAwkwardTextAndLeavesMetricsEmpty() {
        ImageRecord r = ImageRecord.failed(3, "dir, with comma/a \"b\".png", "cannot decode, damaged");
        List<String> cells = split(ImageRecordCsv.line(r));
        assertEquals(ImageRecordCsv.HEADER.size(), cells.size());
        assertEquals("3", cells.get(0));
        assertEquals("dir, with comma/a \"b\".png", cells.get(1));
        assertEquals("failed", cells.get(2));
        assertEquals("cannot decode, damaged", cells.get(3));
        assertEquals("", cells.get(ImageRecordCsv.HEADER.indexOf("dice")));
    }

    @Test
    void metricsUseDotDecimalsEmptyForUndefinedAndInfForInfinite() {
        java.util.Locale saved = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY); // decimal comma must not leak in
        try {
            byte[] gt = new byte[16];
            gt[5] = 1;
            var e = MetricsPool.evaluate("x", 4, 4, new byte[16], gt, null); // prediction empty
            ImageRecord r = new ImageRecord(0, "x.png", ImageStatus.OK, null, 4, 4, RUN, false, 12.34, 1.0, 0L,
                    "x_segmentation.png", null, "gt/x.png", e, null);
            List<String> cells = split(ImageRecordCsv.line(r));
            assertEquals("0.000000", cells.get(ImageRecordCsv.HEADER.indexOf("dice")));
            assertEquals("12.3", cells.get(ImageRecordCsv.HEADER.indexOf("ms")));
            assertEquals("inf", cells.get(ImageRecordCsv.HEADER.indexOf("hd95_px")));
            assertEquals("0.000000", cells.get(ImageRecordCsv.HEADER.indexOf("sensitivity")));
            assertEquals("1", cells.get(ImageRecordCsv.HEADER.indexOf("fn")));
            assertEquals("15", cells.get(ImageRecordCsv.HEADER.indexOf("tn")));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void computesOverlapDistanceAndAreaInMillimetres() {
        BinaryMask pred = rect(100, 100, 10, 10, 50, 50); // 1600 px
        BinaryMask gt = rect(100, 100, 20, 10, 60, 50);   // 1600 px, overlap 30x40 = 1200
        RunSettings run = new RunSettings(null, null, "onnx", "cpu", false, false, 0.5, 0.1);
        ImageRecord r = ImageRecord.ofMask("a.png", pred, "a_lesion.png", gt, null, run, false, 20.0, 12.0, null);
        assertEquals(2.0 * 1200 / 3200, r.dice(), 1e-12);
        assertEquals(1200.0 / 2000, r.iou(), 1e-12);
        assertEquals(1200.0 / 1600, r.sensitivity(), 1e-12);
        assertEquals(1600, r.lesionAreaPx());
        assertEquals(16.0, r.lesionAreaMm2(), 1e-9);
        assertEquals(10.0, r.hd95Px(), 1e-9, "left and right edges 10 px apart");
        assertEquals(1.0, r.hd95Mm(), 1e-9);
        assertEquals(1200L, r.evaluation().nativeConfusion().tp());

        ImageRecord noGt = ImageRecord.ofMask("a.png", pred, null, null, null, RunSettings.UNKNOWN, true, null, null,
                null);
        assertFalse(noGt.hasMetrics());
        assertTrue(Double.isNaN(noGt.dice()));
        assertNull(noGt.lesionAreaMm2());
        assertNull(noGt.hd95Mm());
        assertThrows(IllegalArgumentException.class, () -> ImageRecord.ofMask("a", pred, "g", rect(10, 10, 0, 0, 1, 1),
                null, run, false, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RunSettings(null, null, null, null, null, null, null, -1.0), "a pixel size must be > 0");
    }

    @Test
    void documentsCarryTheSettingsTheEditedFlagAndUndefinedValues() throws Exception {
        BinaryMask pred = rect(20, 20, 0, 0, 10, 10);
        ImageRecord withGt = ImageRecord.ofMask("x, y.png", pred, "g.png", rect(20, 20, 0, 0, 10, 5), null, RUN, true,
                5.0, 3.25, null).withFiles("x, y_segmentation.png", null);
        ImageRecord without = ImageRecord.ofMask("b.png", pred, null, null, null,
                new RunSettings(null, null, "java", "cpu", false, false, 0.5, null), false, null, null, null);
        String csv = ImageRecordCsv.document(List.of(withGt, without));
        String[] lines = csv.split("\n");
        assertEquals(3, lines.length, "one line ending, \\n, and no blank line: " + csv);
        assertFalse(csv.contains("\r"));
        assertEquals(String.join(",", ImageRecordCsv.HEADER), lines[0]);
        assertTrue(lines[1].startsWith("0,\"x, y.png\",ok,,20,20,m,2.0.0,onnx,cpu,true,true,0.4,true,5.0,3.3,100,,"
                + "\"x, y_segmentation.png\",,g.png,0.666667,"), lines[1]);
        List<String> first = split(lines[1]);
        List<String> second = split(lines[2]);
        assertEquals(ImageRecordCsv.HEADER.size(), second.size());
        assertEquals("false", second.get(ImageRecordCsv.HEADER.indexOf("edited")));
        assertEquals("", second.get(ImageRecordCsv.HEADER.indexOf("dice")), "no ground truth: empty dice");
        assertEquals("false", second.get(ImageRecordCsv.HEADER.indexOf("clean_up")));
        assertEquals("0.5", second.get(ImageRecordCsv.HEADER.indexOf("threshold")));
        assertEquals("", second.get(ImageRecordCsv.HEADER.indexOf("model_id")), "unknown: empty");
        assertEquals("50", first.get(ImageRecordCsv.HEADER.indexOf("tp")));
        assertEquals("", first.get(ImageRecordCsv.HEADER.indexOf("hd95_mm")), "no pixel size: no mm");

        JsonNode doc = new ObjectMapper().readTree(ImageRecordJson.document(List.of(withGt, without)));
        assertEquals("dermaseg", doc.get("tool").asText());
        JsonNode a = doc.get("images").get(0);
        JsonNode b = doc.get("images").get(1);
        assertEquals("x, y.png", a.get("path").asText());
        assertTrue(a.get("edited").asBoolean());
        assertTrue(a.get("cleanUp").asBoolean());
        assertFalse(b.get("cleanUp").asBoolean());
        assertTrue(a.get("tta").asBoolean());
        assertFalse(b.get("tta").asBoolean());
        assertEquals("m", a.get("modelId").asText());
        assertTrue(b.get("modelId").isNull());
        assertEquals(0.4, a.get("threshold").asDouble());
        assertEquals(2.0 / 3, a.get("metrics").get("native").get("dice").asDouble(), 1e-12);
        assertEquals(50, a.get("metrics").get("native").get("tp").asLong());
        assertEquals("x, y_segmentation.png", a.get("mask").asText());
        assertTrue(b.get("metrics").isNull());
        assertTrue(b.get("measurements").isNull());
    }

    @Test
    void anInfiniteDistanceIsInfInCsvAndInfinityInJson() {
        byte[] gt = new byte[16];
        gt[5] = 1;
        ImageRecord r = ImageRecord.ofMask("x.png", new BinaryMask(4, 4, new byte[16]), "g.png",
                new BinaryMask(4, 4, gt), null, RunSettings.UNKNOWN, false, null, null, null);
        assertEquals("inf", split(ImageRecordCsv.line(r)).get(ImageRecordCsv.HEADER.indexOf("hd95_px")));
        assertEquals("Infinity", ImageRecordJson.node(r).get("metrics").get("native").get("hd95Px").asText());
    }
}
