package org.dermaseg.app.gui;

import java.util.Locale;

import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.dermaseg.inference.measure.AsymmetryCalculator;
import org.dermaseg.inference.measure.ColourRegions;
import org.dermaseg.inference.measure.DermoscopicColour;
import org.dermaseg.inference.measure.LesionMeasurements;

/** The side panel's Measurements section: size, asymmetry, border, colours, and the colour-region toggle. */
final class MeasurementsView extends TitledPane {
    private final GridPane grid = new GridPane();
    private final VBox colours = new VBox(2);
    private final Label note = new Label();

    MeasurementsView(MeasurementsViewModel vm) {
        setText("Measurements");
        setId("measurements-pane");
        setAnimated(false);
        grid.setId("measurements-grid");
        grid.setHgap(12);
        grid.setVgap(3);
        String[][] rows = {
            {"asymmetry", "Asymmetry (0-2)", "PH2's scale: symmetric about both principal axes (0), one (1), none (2)"},
            {"asym-axes", "  shape / colour", "Per axis: share of the lesion its mirror image misses, and the mean "
                    + "colour difference (dE) of mirrored points; an axis is asymmetric above "
                    + String.format(java.util.Locale.ROOT, "%.3f or %.1f dE", AsymmetryCalculator.SHAPE_CUTOFF,
                            AsymmetryCalculator.COLOUR_CUTOFF)},
            {"max-diameter", "Longest diameter", "Largest caliper (Feret) diameter"},
            {"min-diameter", "Shortest diameter", "Smallest caliper (Feret) diameter"},
            {"area", "Area", "Lesion area"},
            {"perimeter", "Perimeter", "Border length"},
            {"compactness", "Compactness", "Perimeter² / (4π area): 1 for a disc"},
            {"abruptness", "Edge abruptness", "Mean L* gradient across the border (8 segments averaged)"}};
        for (int i = 0; i < rows.length; i++) {
            Label name = new Label(rows[i][1]);
            Tooltip.install(name, new Tooltip(rows[i][2]));
            Label value = new Label("–");
            value.setId("measure-" + rows[i][0]);
            value.setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
            grid.addRow(i, name, value);
        }
        colours.setId("measure-colours");
        CheckBox show = new CheckBox("Show colour regions");
        show.setId("show-colour-regions");
        show.selectedProperty().bindBidirectional(vm.showColourRegionsProperty());
        note.setWrapText(true);
        note.setStyle("-fx-text-fill: -fx-mid-text-color; -fx-font-size: 0.9em;");
        note.textProperty().bind(vm.statusProperty());
        Label aid = new Label("Descriptive aids, not a diagnosis. Colours depend on the lighting.");
        aid.setWrapText(true);
        aid.setStyle("-fx-text-fill: -fx-mid-text-color; -fx-font-size: 0.9em;");
        VBox box = new VBox(6, grid, new Label("Colours (≥ 5 % of the lesion)"), colours, show, note, aid);
        box.setPadding(new Insets(4));
        setContent(box);
        vm.measurementsProperty().addListener((o, a, b) -> update(b));
        update(vm.measurementsProperty().get());
    }

    private void update(LesionMeasurements m) {
        colours.getChildren().clear();
        if (m == null) {
            grid.getChildren().stream().filter(n -> n.getId() != null && n.getId().startsWith("measure-"))
                    .forEach(n -> ((Label) n).setText("–"));
            return;
        }
        LesionMeasurements.Size s = m.size();
        LesionMeasurements.Asymmetry a = m.asymmetry();
        set("asymmetry", Integer.toString(a.score()));
        set("asym-axes", String.format(Locale.ROOT, "%.2f/%.1f  %.2f/%.1f", a.majorShape(), a.majorColour(),
                a.minorShape(), a.minorColour()));
        set("max-diameter", length(s.maxFeretPx(), s.maxDiameterMm())
                + (Boolean.TRUE.equals(s.exceeds6mm()) ? " > 6 mm" : ""));
        set("min-diameter", length(s.minFeretPx(), s.minDiameterMm()));
        set("area", s.areaMm2() == null ? Formats.pixels(s.areaPx())
                : String.format(Locale.ROOT, "%.2f mm²", s.areaMm2()));
        set("perimeter", length(s.perimeterPx(), s.perimeterMm()));
        set("compactness", String.format(Locale.ROOT, "%.2f", m.border().compactness()));
        set("abruptness", String.format(Locale.ROOT, "%.1f", m.border().meanAbruptness()));
        for (DermoscopicColour c : DermoscopicColour.values()) {
            double f = m.colours().fractions().get(c);
            boolean present = m.colours().present().contains(c);
            Rectangle swatch = new Rectangle(10, 10, SidePanel.toColor(ColourRegions.displayRgb(c)));
            swatch.setStroke(Color.GRAY);
            Label l = new Label(String.format(Locale.ROOT, "%s %.0f %%%s", c.label(), 100 * f, present ? "  present" : ""));
            l.setId("colour-" + c.id());
            l.setStyle(present ? "-fx-font-weight: bold;" : "-fx-text-fill: -fx-mid-text-color;");
            colours.getChildren().add(new HBox(6, swatch, l));
        }
    }

    private static String length(double px, Double mm) {
        return mm == null ? String.format(Locale.ROOT, "%.0f px", px) : String.format(Locale.ROOT, "%.2f mm", mm);
    }

    private void set(String id, String text) {
        grid.getChildren().stream().filter(n -> ("measure-" + id).equals(n.getId())).findFirst()
                .ifPresent(n -> ((Label) n).setText(text));
    }
}
