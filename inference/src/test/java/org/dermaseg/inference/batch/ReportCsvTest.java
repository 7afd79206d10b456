package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.dermaseg.inference.metrics.MetricsPool;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    /** Minimal RFC 4180 split for the test (quotes, doubled quotes, commas). */
    static List<String> split(String line) {
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
        ImageReport r = ImageReport.failed(3, "dir, with comma/a \"b\".png", "cannot decode, damaged");
        List<String> cells = split(ReportCsv.line(r));
        assertEquals(ReportCsv.HEADER.size(), cells.size());
        assertEquals("3", cells.get(0));
        assertEquals("dir, with comma/a \"b\".png", cells.get(1));
        assertEquals("failed", cells.get(2));
        assertEquals("cannot decode, damaged", cells.get(3));
        assertEquals("", cells.get(ReportCsv.HEADER.indexOf("dice")));
    }

    @Test
    void metricsUseDotDecimalsEmptyForUndefinedAndInfForInfinite() {
        java.util.Locale saved = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY); // decimal comma must not leak in
        try {
            byte[] gt = new byte[16];
            gt[5] = 1;
            var e = MetricsPool.evaluate("x", 4, 4, new byte[16], gt, null); // prediction empty
            ImageReport r = new ImageReport(0, "x.png", ImageStatus.OK, null, 4, 4, "fake", "cpu", 12.34, 1.0, 0L,
                    "x_segmentation.png", null, "gt/x.png", e, null);
            List<String> cells = split(ReportCsv.line(r));
            assertEquals("0.000000", cells.get(ReportCsv.HEADER.indexOf("dice")));
            assertEquals("12.3", cells.get(ReportCsv.HEADER.indexOf("ms")));
            assertEquals("inf", cells.get(ReportCsv.HEADER.indexOf("hd95_px")));
            assertEquals("0.000000", cells.get(ReportCsv.HEADER.indexOf("sensitivity")));
            assertEquals("1", cells.get(ReportCsv.HEADER.indexOf("fn")));
            assertEquals("15", cells.get(ReportCsv.HEADER.indexOf("tn")));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}
