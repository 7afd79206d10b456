package org.dermaseg.inference.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.LesionMeasurer;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;

/**
 * The report page rendered to PNG (PDFBox's renderer), checked for its size, text and pictures. The PNG is
 * kept as {@code inference/target/report-IMD002.png} to look at.
 */
class LesionReportPdfTest {
    private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 12, 2, 14, 30, 0, 0, ZoneOffset.UTC);

    @Test
    void pageHasTheImageOutlineMeasurementsModelDateAndDisclaimer() throws Exception {
        Path samples = RepoPaths.root().resolve("assets/samples");
        LoadedImage image = new ImageLoader().load(samples.resolve("images/IMD002.png"));
        BinaryMask mask = new GroundTruthLoader().loadFor(samples.resolve("masks/IMD002_lesion.png"), image.width(),
                image.height());
        LesionMeasurements m = LesionMeasurer.measure(image, mask, 0.0265);
        byte[] pdf = LesionReportPdf.render(image, mask, m, new ReportInfo("IMD002.png", "UltraLight VM-UNet",
                "0.1.0", "onnx/cpu", 0.5, "expert mask", WHEN));

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            PDPage page = doc.getPage(0);
            assertEquals(PDRectangle.A4.getWidth(), page.getMediaBox().getWidth(), 0.5);
            assertEquals(PDRectangle.A4.getHeight(), page.getMediaBox().getHeight(), 0.5);
            int images = 0;
            for (COSName n : page.getResources().getXObjectNames()) {
                if (page.getResources().getXObject(n) instanceof PDImageXObject x) {
                    images++;
                    assertTrue(x.getWidth() >= 600, "picture width " + x.getWidth());
                }
            }
            assertEquals(2, images, "the outlined image and the colour regions");
            String text = new PDFTextStripper().getText(doc);
            for (String expected : new String[] {"IMD002.png", "UltraLight VM-UNet 0.1.0", "2026-12-02",
                    LesionReportPdf.DISCLAIMER, "Asymmetry", "Score " + m.asymmetry().score(), "Compactness",
                    "light brown", String.format(java.util.Locale.ROOT, "%.2f mm", m.size().maxDiameterMm())}) {
                assertTrue(text.contains(expected), "page text lacks '" + expected + "':\n" + text);
            }
            BufferedImage png = new PDFRenderer(doc).renderImageWithDPI(0, 100);
            Path out = RepoPaths.root().resolve("inference/target/report-IMD002.png");
            Files.createDirectories(out.getParent());
            ImageIO.write(png, "png", out.toFile());
            assertEquals(Math.round(PDRectangle.A4.getWidth() / 72 * 100), png.getWidth(), 1);
            // the picture area (upper left, below the header) is not blank paper
            int coloured = 0;
            for (int y = 180; y < 420; y += 4) {
                for (int x = 80; x < 380; x += 4) {
                    int rgb = png.getRGB(x, y) & 0xffffff;
                    if (rgb != 0xffffff) {
                        coloured++;
                    }
                }
            }
            assertTrue(coloured > 3000, "picture pixels found: " + coloured);
        }
    }

    @Test
    void emptyMaskStillGivesAPageThatSaysSo() throws Exception {
        byte[] rgb = new byte[3 * 40 * 30];
        java.util.Arrays.fill(rgb, (byte) 200);
        LoadedImage image = LoadedImage.ofRgb("blank", 40, 30, rgb);
        BinaryMask empty = new BinaryMask(40, 30, new byte[1200]);
        byte[] pdf = LesionReportPdf.render(image, empty, null, new ReportInfo("blank \u0436.png", "m", "1", null,
                0.5, "model", WHEN));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("No lesion outlined"), text);
            assertTrue(text.contains("blank ?.png"), "unprintable characters become '?': " + text);
            assertTrue(text.contains(LesionReportPdf.DISCLAIMER));
        }
    }

    @Test
    void reportFileNameFollowsTheImage() {
        assertEquals("IMD002_report.pdf", LesionReportPdf.fileNameFor("IMD002.png"));
        assertEquals("a.b_report.pdf", LesionReportPdf.fileNameFor("a.b.jpg"));
    }
}
