package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.inference.report.LesionReportPdf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} and the measurements in {@code segment --json}, with {@code --pixel-size-mm}. */
class ReportCommandTest {
    private static final Path ROOT = CliRunner.root();
    private static final String MODEL = ROOT.resolve("model").toString();
    private static final Path IMD002 = ROOT.resolve("assets/samples/images/IMD002.png");
    private static final Path IMD413 = ROOT.resolve("assets/samples/images/IMD413.png");

    @TempDir
    Path tmp;

    @Test
    void reportWritesOnePdfPerImageGoesOnAfterABadOneAndNeverOverwritesUnasked() throws Exception {
        Path out = tmp.resolve("reports");
        Path bad = Files.writeString(tmp.resolve("broken.png"), "no image");
        CliRunner.Run r = CliRunner.run("report", "--json", "--model", MODEL, "--pixel-size-mm", "0.0265", "-o",
                out.toString(), IMD002.toString(), bad.toString(), IMD413.toString());
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertEquals(1, doc.get("failed").asInt());
        assertEquals("failed", doc.get("images").get(1).get("status").asText());
        assertTrue(doc.get("images").get(1).get("reason").asText().contains("broken.png"),
                doc.get("images").get(1).toString());
        JsonNode m = doc.get("images").get(0).get("measurements");
        assertTrue(m.get("asymmetry").isInt());
        assertTrue(m.get("maxDiameterMm").asDouble() > 6, "IMD002 is about 12 mm across at 0.0265 mm/px");
        Path pdf = out.resolve("IMD002_report.pdf");
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(d);
            assertTrue(text.contains(LesionReportPdf.DISCLAIMER), text);
            assertTrue(text.contains("IMD002.png"), text);
        }
        assertTrue(Files.isRegularFile(out.resolve("IMD413_report.pdf")), "the image after the bad one is done");
        assertFalse(Files.exists(out.resolve("broken_report.pdf")));

        byte[] before = Files.readAllBytes(pdf);
        CliRunner.Run again = CliRunner.run("report", "--model", MODEL, "-o", out.toString(), IMD002.toString());
        assertEquals(ExitCodes.SOME_FAILED, again.code());
        assertTrue(again.out().contains("--overwrite"), again.out());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(pdf)), "left as it was");
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".dermaseg-tmp")), "no temporary left");
        }
    }

    @Test
    void segmentJsonCarriesMeasurementsAndABadPixelSizeIsAUsageError() throws Exception {
        CliRunner.Run r = CliRunner.run("segment", "--json", "--model", MODEL, "--pixel-size-mm", "0.02", "-o",
                tmp.resolve("m").toString(), IMD002.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode m = Json.MAPPER.readTree(r.out()).get("images").get(0).get("measurements");
        assertEquals(m.get("areaPx").asDouble() * 0.0004, m.get("areaMm2").asDouble(), 1e-6);
        assertTrue(m.get("colours").size() >= 1);
        assertEquals(ExitCodes.USAGE, CliRunner.run("report", "--model", MODEL, "--pixel-size-mm", "-1", "-o",
                tmp.resolve("x").toString(), IMD002.toString()).code());
    }
}
