package org.dermaseg.inference.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.measure.ColourRegions;
import org.dermaseg.inference.measure.DermoscopicColour;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * One A4 page per image: the image with the lesion outlined, the colour regions, every measurement with
 * the values that decided it, the model, the date, and the statement that these are descriptive aids, not a
 * diagnosis. Standard PDF fonts only (nothing embedded, nothing downloaded). Text outside the fonts' Latin-1
 * repertoire (e.g. a Cyrillic file name) is printed as '?'.
 */
public final class LesionReportPdf {
    /** The line every page carries. */
    public static final String DISCLAIMER = "These measurements are descriptive aids, not a diagnosis.";
    /** Longer side of the pictures embedded in the page, in pixels (enough for print at this size). */
    static final int PICTURE_SIDE = 900;

    private static final PDFont REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDFont BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final PDFont OBLIQUE = new PDType1Font(Standard14Fonts.FontName.HELVETICA_OBLIQUE);
    private static final float MARGIN = 48;

    private LesionReportPdf() {
    }

    /**
     * @param image        the image (full decode: the picture is made from its pixels)
     * @param mask         the lesion outline at the image's size
     * @param measurements of that mask, or null when it is empty
     */
    public static byte[] render(LoadedImage image, BinaryMask mask, LesionMeasurements measurements, ReportInfo info)
            throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation di = doc.getDocumentInformation();
            di.setTitle("DermaSeg lesion report: " + info.imageName());
            di.setCreator("DermaSeg");
            di.setCreationDate(java.util.GregorianCalendar.from(info.created()));
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDImageXObject outlined = JPEGFactory.createFromByteArray(doc, picture(image, mask, null));
            PDImageXObject regions = measurements == null ? null
                    : JPEGFactory.createFromByteArray(doc, picture(image, mask, measurements.colours().regions()));
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                new Layout(cs, page.getMediaBox()).draw(info, outlined, regions, measurements);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** File name of the report for an image: {@code <stem>_report.pdf}. */
    public static String fileNameFor(String imageFileName) {
        int dot = imageFileName.lastIndexOf('.');
        return (dot > 0 ? imageFileName.substring(0, dot) : imageFileName) + "_report.pdf";
    }

    /** JPEG of the image, scaled to {@link #PICTURE_SIDE}, with the outline, and the colour regions when given. */
    static byte[] picture(LoadedImage image, BinaryMask mask, ColourRegions regions) throws IOException {
        int w = image.width();
        int h = image.height();
        double scale = Math.min(1.0, PICTURE_SIDE / (double) Math.max(w, h));
        int pw = Math.max(1, (int) Math.round(w * scale));
        int ph = Math.max(1, (int) Math.round(h * scale));
        try (MatScope mats = new MatScope()) {
            Mat rgb = mats.add(new Mat(image.pixelHeight(), image.pixelWidth(), CvType.CV_8UC3));
            Mat small = mats.add(new Mat());
            Mat maskFull = mats.add(new Mat(h, w, CvType.CV_8UC1));
            Mat maskSmall = mats.add(new Mat());
            Mat hierarchy = mats.add(new Mat());
            List<MatOfPoint> contours = new ArrayList<>();
            MatOfByte jpg = mats.add(new MatOfByte());
            MatOfInt quality = mats.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
            rgb.put(0, 0, image.rgb());
            Imgproc.resize(rgb, small, new Size(pw, ph), 0, 0, Imgproc.INTER_AREA);
            if (regions != null) {
                byte[] px = new byte[3 * pw * ph];
                small.get(0, 0, px);
                int[] argb = regions.argb(w, h, 255);
                for (int y = 0; y < ph; y++) {
                    int sy = Math.min(h - 1, (int) ((y + 0.5) / scale));
                    for (int x = 0; x < pw; x++) {
                        int c = argb[sy * w + Math.min(w - 1, (int) ((x + 0.5) / scale))];
                        int i = 3 * (y * pw + x);
                        if (c != 0) {
                            px[i] = (byte) (c >> 16);
                            px[i + 1] = (byte) (c >> 8);
                            px[i + 2] = (byte) c;
                        } else { // the rest in grey, so the regions stand out
                            int grey = ((px[i] & 0xff) * 3 + (px[i + 1] & 0xff) * 6 + (px[i + 2] & 0xff)) / 10;
                            byte gb = (byte) (128 + grey / 2);
                            px[i] = gb;
                            px[i + 1] = gb;
                            px[i + 2] = gb;
                        }
                    }
                }
                small.put(0, 0, px);
            }
            maskFull.put(0, 0, mask.data());
            Imgproc.resize(maskFull, maskSmall, new Size(pw, ph), 0, 0, Imgproc.INTER_NEAREST);
            Imgproc.findContours(maskSmall, contours, hierarchy, Imgproc.RETR_LIST, Imgproc.CHAIN_APPROX_SIMPLE);
            mats.addAll(contours);
            Scalar colour = regions != null ? new Scalar(0, 0, 0) : new Scalar(0, 230, 118); // RGB order here
            Imgproc.drawContours(small, contours, -1, colour, Math.max(2, pw / 300), Imgproc.LINE_AA);
            Imgproc.cvtColor(small, small, Imgproc.COLOR_RGB2BGR);
            if (!Imgcodecs.imencode(".jpg", small, jpg, quality)) {
                throw new IOException("could not encode the report picture");
            }
            return jpg.toArray();
        }
    }

    /** Top-down writing on one page. */
    private static final class Layout {
        private final PDPageContentStream cs;
        private final PDRectangle box;
        private float y;

        Layout(PDPageContentStream cs, PDRectangle box) {
            this.cs = cs;
            this.box = box;
            this.y = box.getHeight() - MARGIN;
        }

        void draw(ReportInfo info, PDImageXObject outlined, PDImageXObject regions, LesionMeasurements m)
                throws IOException {
            text(BOLD, 16, MARGIN, "DermaSeg lesion report");
            y -= 20;
            text(REGULAR, 10, MARGIN, "Image: " + info.imageName());
            y -= 13;
            text(REGULAR, 10, MARGIN, "Date: " + info.created().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z",
                    Locale.ROOT)));
            y -= 13;
            text(REGULAR, 10, MARGIN, String.format(Locale.ROOT, "Outline: %s %s%s, threshold %.2f; %s",
                    nz(info.modelName()), nz(info.modelVersion()),
                    info.engine() == null ? "" : " (" + info.engine() + ")", info.threshold(), nz(info.outline())));
            y -= 12;

            float width = box.getWidth() - 2 * MARGIN;
            float gap = 12;
            float slot = (width - gap) / 2;
            float picH = Math.min(slot * outlined.getHeight() / (float) outlined.getWidth(), 200);
            float picW = picH * outlined.getWidth() / (float) outlined.getHeight();
            y -= picH;
            cs.drawImage(outlined, MARGIN, y, picW, picH);
            if (regions != null) {
                cs.drawImage(regions, MARGIN + slot + gap, y, picW, picH);
            }
            y -= 12;
            text(OBLIQUE, 8, MARGIN, "Lesion outline");
            if (regions != null) {
                text(OBLIQUE, 8, MARGIN + slot + gap, "Colour regions (legend below)");
            }
            y -= 20;
            if (m == null) {
                text(BOLD, 11, MARGIN, "No lesion outlined: nothing to measure.");
                y -= 20;
            } else {
                measurements(m);
            }
            // footer
            y = MARGIN + 30;
            text(BOLD, 10, MARGIN, DISCLAIMER);
            y -= 13;
            text(REGULAR, 8, MARGIN, "Definitions, references and agreement with PH2 expert labels: "
                    + "docs/measurements.md. Colours depend on the dermoscope's lighting.");
        }

        private void measurements(LesionMeasurements m) throws IOException {
            LesionMeasurements.Size s = m.size();
            heading("Size");
            row("Area", s.areaMm2() == null ? s.areaPx() + " px (set a pixel size for mm)"
                    : String.format(Locale.ROOT, "%.2f mm\u00b2 (%d px)", s.areaMm2(), s.areaPx()));
            row("Longest diameter", lengths(s.maxFeretPx(), s.maxDiameterMm()) + (s.exceeds6mm() == null ? ""
                    : s.exceeds6mm() ? "  - over 6 mm" : "  - not over 6 mm"));
            row("Shortest diameter", lengths(s.minFeretPx(), s.minDiameterMm()));
            row("Equivalent diameter", lengths(s.equivalentDiameterPx(), s.equivalentDiameterMm()));
            row("Perimeter", lengths(s.perimeterPx(), s.perimeterMm()));

            LesionMeasurements.Asymmetry a = m.asymmetry();
            heading("Asymmetry (PH2 scale 0-2)");
            row("Score", a.score() + "  - " + switch (a.score()) {
                case 0 -> "symmetric about both principal axes";
                case 1 -> "symmetric about one principal axis";
                default -> "symmetric about neither principal axis";
            });
            row("Major axis", axis(a.majorShape(), a.majorColour(), a.majorAsymmetric()));
            row("Minor axis", axis(a.minorShape(), a.minorColour(), a.minorAsymmetric()));
            row("Cut-offs", String.format(Locale.ROOT, "shape > %.3f or colour > %.1f dE",
                    org.dermaseg.inference.measure.AsymmetryCalculator.SHAPE_CUTOFF,
                    org.dermaseg.inference.measure.AsymmetryCalculator.COLOUR_CUTOFF));

            heading("Border");
            row("Compactness", String.format(Locale.ROOT, "%.2f (1 = disc; higher = more irregular)",
                    m.border().compactness()));
            StringBuilder ab = new StringBuilder();
            for (double v : m.border().segmentAbruptness()) {
                ab.append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f  ", v) : "-  ");
            }
            row("Edge abruptness (8 segments)", ab.toString().trim());

            heading("Colours (present: at least 5 % of the lesion)");
            row("Present", m.colours().present().isEmpty() ? "none"
                    : String.join(", ", m.colours().present().stream().map(DermoscopicColour::label).toList()));
            DermoscopicColour[] all = DermoscopicColour.values();
            for (int k = 0; k < all.length; k++) {
                DermoscopicColour c = all[k];
                float x = MARGIN + 10 + (k % 3) * 150;
                int rgb = ColourRegions.displayRgb(c);
                cs.setNonStrokingColor(new java.awt.Color(rgb));
                cs.addRect(x, y - 2, 9, 9);
                cs.fill();
                cs.setStrokingColor(java.awt.Color.GRAY);
                cs.addRect(x, y - 2, 9, 9);
                cs.stroke();
                cs.setNonStrokingColor(java.awt.Color.BLACK);
                boolean present = m.colours().present().contains(c);
                text(present ? BOLD : REGULAR, 9, x + 12, String.format(Locale.ROOT, "%s %.0f %%", c.label(),
                        100 * m.colours().fractions().get(c)));
                if (k % 3 == 2) {
                    y -= 14;
                }
            }
        }

        private String axis(double shape, double colour, boolean asymmetric) {
            return String.format(Locale.ROOT, "%s  (shape %.2f of the area unmatched, colour %.1f dE)",
                    asymmetric ? "asymmetric" : "symmetric", shape, colour);
        }

        private String lengths(double px, Double mm) {
            return mm == null ? String.format(Locale.ROOT, "%.1f px", px)
                    : String.format(Locale.ROOT, "%.2f mm (%.1f px)", mm, px);
        }

        private void heading(String t) throws IOException {
            y -= 6;
            text(BOLD, 11, MARGIN, t);
            y -= 15;
        }

        private void row(String label, String value) throws IOException {
            text(REGULAR, 9.5f, MARGIN + 10, label);
            text(REGULAR, 9.5f, MARGIN + 160, value);
            y -= 13;
        }

        private void text(PDFont font, float size, float x, String s) throws IOException {
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(x, y);
            cs.showText(printable(font, s));
            cs.endText();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Characters the standard font cannot encode become '?', so any file name can be printed. */
    static String printable(PDFont font, String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String one = new String(Character.toChars(cp));
            try {
                font.encode(one);
                sb.append(one);
            } catch (IOException | IllegalArgumentException e) {
                sb.append('?');
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
