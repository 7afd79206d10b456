package org.dermaseg.inference.measure;

import java.util.Locale;

/**
 * The six dermoscopic colours of the ABCD rule and of the PH2 database's labels, with the colour prototype
 * each is recognised by. The prototypes are the sRGB values of Kasmi &amp; Mokrani (R. Kasmi, K. Mokrani,
 * "Classification of malignant melanoma and benign skin lesions: implementation of automatic ABCD rule",
 * IET Image Processing 10(6), 2016, pp. 448-455, doi:10.1049/iet-ipr.2015.0385), compared in CIELAB
 * ({@link Cielab}). Ids are PH2's ({@code annotations.csv}), used unchanged in every report.
 */
public enum DermoscopicColour {
    WHITE("white", "white", 197, 188, 217),
    RED("red", "red", 118, 21, 17),
    LIGHT_BROWN("light_brown", "light brown", 163, 82, 16),
    DARK_BROWN("dark_brown", "dark brown", 135, 44, 5),
    BLUE_GRAY("blue_gray", "blue-gray", 113, 108, 139),
    BLACK("black", "black", 41, 31, 30);

    private final String id;
    private final String label;
    private final int rgb;
    private final double[] lab;

    DermoscopicColour(String id, String label, int r, int g, int b) {
        this.id = id;
        this.label = label;
        this.rgb = (r << 16) | (g << 8) | b;
        this.lab = Cielab.of(r, g, b);
    }

    /** Report id: {@code white red light_brown dark_brown blue_gray black}. */
    public String id() {
        return id;
    }

    /** For people: "light brown". */
    public String label() {
        return label;
    }

    /** Prototype as 0xRRGGBB (also the colour the overlay paints the region in). */
    public int rgb() {
        return rgb;
    }

    /** Prototype in CIELAB; a copy. */
    public double[] lab() {
        return lab.clone();
    }

    double l() {
        return lab[0];
    }

    double a() {
        return lab[1];
    }

    double b() {
        return lab[2];
    }

    public static DermoscopicColour ofId(String id) {
        for (DermoscopicColour c : values()) {
            if (c.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown dermoscopic colour id '" + id + "'");
    }
}
