package org.dermaseg.app.gui;

import java.nio.file.Path;
import java.util.Locale;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.render.ViewMode;

/** The right-hand panel: view and overlay controls, correction tools, ground truth and metrics. */
final class SidePanel extends ScrollPane {
    private final MainViewModel vm;
    private final GridPane metricsGrid = new GridPane();
    private final VBox sections;

    SidePanel(MainViewModel vm, Runnable pickGroundTruth, Runnable pickGroundTruthFolder) {
        this.vm = vm;
        setId("side-panel");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setPrefWidth(370);
        setMinWidth(340);
        VBox box = new VBox(6, viewPane(), correctPane(), groundTruthPane(pickGroundTruth, pickGroundTruthFolder),
                metricsPane());
        box.setPadding(new Insets(6));
        this.sections = box;
        setContent(box);
    }

    /** Appends a section (e.g. {@link MeasurementsView}) below the others. */
    void addSection(TitledPane section) {
        sections.getChildren().add(section);
    }

    // ------------------------------------------------------------------ view

    private TitledPane viewPane() {
        ToggleGroup modes = new ToggleGroup();
        HBox modeBox = new HBox(2,
                modeButton("Mask", ViewMode.MASK, "mode-mask", "Lesion fill and outline (M)", modes),
                modeButton("Compare", ViewMode.COMPARE, "mode-compare",
                        "Against the ground truth: green TP, red FP, blue FN, yellow outline = ground truth (C)", modes),
                modeButton("Heat-map", ViewMode.PROBABILITY, "mode-heatmap", "Model probabilities (H)", modes),
                modeButton("Original", ViewMode.ORIGINAL, "mode-original", "The image alone (O)", modes));
        modes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                modes.selectToggle(a); // one mode is always on
            } else {
                vm.review().viewModeProperty().set((ViewMode) b.getUserData());
            }
        });
        vm.review().viewModeProperty().addListener((o, a, b) -> selectMode(modes, b));
        selectMode(modes, vm.review().viewModeProperty().get());

        Slider threshold = new Slider(GuiLimits.THRESHOLD_MIN, GuiLimits.THRESHOLD_MAX,
                vm.review().thresholdProperty().get());
        threshold.setId("threshold-slider");
        threshold.setBlockIncrement(GuiLimits.THRESHOLD_STEP);
        threshold.valueProperty().bindBidirectional(vm.review().thresholdProperty());
        threshold.setTooltip(new Tooltip("Probability at or above which a pixel is lesion; re-thresholds without "
                + "running the model again"));
        Label thresholdValue = new Label();
        thresholdValue.setId("threshold-value");
        thresholdValue.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.2f", vm.review().thresholdProperty().get()), vm.review().thresholdProperty()));

        Slider opacity = new Slider(GuiLimits.OPACITY_MIN, GuiLimits.OPACITY_MAX, vm.review().fillOpacityProperty().get());
        opacity.setId("opacity-slider");
        opacity.valueProperty().bindBidirectional(vm.review().fillOpacityProperty());
        Label opacityValue = new Label();
        opacityValue.textProperty().bind(Bindings.createStringBinding(
                () -> Math.round(vm.review().fillOpacityProperty().get() * 100) + " %", vm.review().fillOpacityProperty()));

        CheckBox contour = new CheckBox("Outline");
        contour.setId("contour-check");
        contour.selectedProperty().bindBidirectional(vm.review().contourProperty());
        Spinner<Integer> width = new Spinner<>();
        width.setId("contour-width");
        SpinnerValueFactory.IntegerSpinnerValueFactory wf = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                GuiLimits.CONTOUR_WIDTH_MIN, GuiLimits.CONTOUR_WIDTH_MAX,
                (int) Math.round(vm.review().contourWidthProperty().get()));
        width.setValueFactory(wf);
        width.setPrefWidth(70);
        width.disableProperty().bind(contour.selectedProperty().not());
        wf.valueProperty().addListener((o, a, b) -> vm.review().contourWidthProperty().set(b));
        vm.review().contourWidthProperty().addListener((o, a, b) -> wf.setValue((int) Math.round(b.doubleValue())));
        width.setTooltip(new Tooltip("Outline width in screen pixels"));

        ColorPicker picker = new ColorPicker(toColor(vm.review().colorProperty().get()));
        picker.setId("color-picker");
        picker.getStyleClass().add(ColorPicker.STYLE_CLASS_BUTTON); // the swatch alone, no hex text
        picker.valueProperty().addListener((o, a, b) -> vm.review().colorProperty().set(toRgb(b)));
        vm.review().colorProperty().addListener((o, a, b) -> {
            if (toRgb(picker.getValue()) != b.intValue()) {
                picker.setValue(toColor(b.intValue()));
            }
        });

        CheckBox clean = new CheckBox("Clean up: largest region, holes filled");
        clean.setId("clean-up-check");
        clean.selectedProperty().bindBidirectional(vm.review().cleanUpProperty());
        clean.setTooltip(new Tooltip("Keep only the largest lesion region and fill holes in it, removing the "
                + "model's stray specks (K). Off: the model's thresholded output as scored in the model card."));

        GridPane g = grid();
        g.addRow(0, new Label("Threshold"), threshold, thresholdValue);
        g.addRow(1, new Label("Fill"), opacity, opacityValue);
        HBox outline = new HBox(8, contour, width, new Label("px"));
        outline.setAlignment(Pos.CENTER_LEFT);
        g.add(outline, 0, 2, 3, 1);
        HBox colour = new HBox(8, new Label("Colour"), picker);
        colour.setAlignment(Pos.CENTER_LEFT);
        g.add(colour, 0, 3, 3, 1);
        g.add(clean, 0, 4, 3, 1);
        VBox content = new VBox(8, modeBox, g);
        return titled("View", content);
    }

    private static ToggleButton modeButton(String text, ViewMode mode, String id, String tip, ToggleGroup group) {
        ToggleButton b = new ToggleButton(text);
        b.setId(id);
        b.setUserData(mode);
        b.setToggleGroup(group);
        b.setTooltip(new Tooltip(tip));
        b.setMaxWidth(Double.MAX_VALUE);
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        b.setStyle("-fx-padding: 4 7 4 7;");
        HBox.setHgrow(b, Priority.ALWAYS);
        b.setFocusTraversable(false);
        return b;
    }

    private static void selectMode(ToggleGroup group, ViewMode mode) {
        group.getToggles().stream().filter(t -> t.getUserData() == mode).findFirst().ifPresent(group::selectToggle);
    }

    // ------------------------------------------------------------------ correct

    private TitledPane correctPane() {
        ToggleGroup tools = new ToggleGroup();
        HBox toolBox = new HBox(2,
                toolButton("Pan", EditingViewModel.Tool.VIEW, "tool-view", "Drag to move the image (V)", tools),
                toolButton("Brush", EditingViewModel.Tool.BRUSH, "tool-brush", "Paint lesion (B)", tools),
                toolButton("Eraser", EditingViewModel.Tool.ERASER, "tool-eraser", "Paint background (E)", tools));
        tools.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                tools.selectToggle(a);
            } else {
                vm.editing().toolProperty().set((EditingViewModel.Tool) b.getUserData());
            }
        });
        vm.editing().toolProperty().addListener((o, a, b) -> tools.getToggles().stream().filter(t -> t.getUserData() == b)
                .findFirst().ifPresent(tools::selectToggle));
        tools.getToggles().stream().filter(t -> t.getUserData() == vm.editing().toolProperty().get()).findFirst()
                .ifPresent(tools::selectToggle);

        Slider size = new Slider(GuiLimits.BRUSH_MIN, GuiLimits.BRUSH_MAX, vm.editing().brushSizeProperty().get());
        size.setId("brush-size");
        size.valueProperty().bindBidirectional(vm.editing().brushSizeProperty());
        Label sizeValue = new Label();
        sizeValue.textProperty().bind(Bindings.createStringBinding(
                () -> Math.round(vm.editing().brushSizeProperty().get()) + " px", vm.editing().brushSizeProperty()));

        Button undo = new Button("Undo");
        undo.setId("undo-button");
        undo.setOnAction(e -> vm.editing().undo());
        undo.disableProperty().bind(vm.editing().canUndoProperty().not());
        undo.setTooltip(new Tooltip("Ctrl+Z"));
        Button redo = new Button("Redo");
        redo.setId("redo-button");
        redo.setOnAction(e -> vm.editing().redo());
        redo.disableProperty().bind(vm.editing().canRedoProperty().not());
        redo.setTooltip(new Tooltip("Ctrl+Shift+Z"));
        Button reset = new Button("Reset to model");
        reset.setId("reset-button");
        reset.setOnAction(e -> vm.editing().resetToModel());
        reset.disableProperty().bind(vm.editing().editedProperty().not());
        reset.setTooltip(new Tooltip("Remove every correction (Ctrl+R; undoable)"));
        for (Button b : new Button[] {undo, redo, reset}) {
            b.setFocusTraversable(false);
        }
        Label edited = new Label();
        edited.setId("edited-label");
        edited.textProperty().bind(Bindings.when(vm.editing().editedProperty())
                .then("Mask edited by hand").otherwise("Model output"));
        edited.styleProperty().bind(Bindings.when(vm.editing().editedProperty())
                .then("-fx-text-fill: #ff9100; -fx-font-weight: bold;").otherwise("-fx-text-fill: -fx-mid-text-color;"));

        GridPane g = grid();
        g.addRow(0, new Label("Size"), size, sizeValue);
        HBox buttons = new HBox(6, undo, redo, reset);
        VBox content = new VBox(8, toolBox, g, buttons, edited);
        return titled("Correct", content);
    }

    private static ToggleButton toolButton(String text, EditingViewModel.Tool tool, String id, String tip, ToggleGroup g) {
        ToggleButton b = new ToggleButton(text);
        b.setId(id);
        b.setUserData(tool);
        b.setToggleGroup(g);
        b.setTooltip(new Tooltip(tip));
        b.setMaxWidth(Double.MAX_VALUE);
        b.setFocusTraversable(false);
        HBox.setHgrow(b, Priority.ALWAYS);
        return b;
    }

    // ------------------------------------------------------------------ ground truth

    private TitledPane groundTruthPane(Runnable pick, Runnable pickFolder) {
        Label label = new Label();
        label.setId("gt-label");
        label.setWrapText(true);
        label.textProperty().bind(vm.groundTruth().textProperty());
        Button load = new Button("Load…");
        load.setId("gt-load");
        load.setOnAction(e -> pick.run());
        load.setTooltip(new Tooltip("Pick the expert mask of this image (Ctrl+G)"));
        Button folder = new Button("Folder…");
        folder.setId("gt-folder");
        folder.setOnAction(e -> pickFolder.run());
        folder.setTooltip(new Tooltip("A folder where masks are found by name (e.g. IMD002_lesion.png)"));
        Button clear = new Button("Clear");
        clear.setId("gt-clear");
        clear.setOnAction(e -> vm.groundTruth().clear());
        for (Button b : new Button[] {load, folder, clear}) {
            b.disableProperty().bind(vm.sessionProperty().isNull());
            b.setFocusTraversable(false);
        }
        Label legend = new Label("Compare colours: TP green · FP red · FN blue");
        legend.setStyle("-fx-text-fill: -fx-mid-text-color; -fx-font-size: 0.9em;");
        return titled("Ground truth", new VBox(6, label, new HBox(6, load, folder, clear), legend));
    }

    // ------------------------------------------------------------------ metrics

    private TitledPane metricsPane() {
        metricsGrid.setId("metrics-grid");
        metricsGrid.setHgap(12);
        metricsGrid.setVgap(3);
        String[][] rows = {
            {"dice", "Dice"}, {"iou", "IoU (Jaccard)"}, {"sensitivity", "Sensitivity"},
            {"specificity", "Specificity"}, {"accuracy", "Accuracy"}, {"hd95", "HD95"},
            {"area-px", "Lesion area"}, {"area-mm2", "Area in mm²"}};
        for (int i = 0; i < rows.length; i++) {
            Label name = new Label(rows[i][1]);
            Label value = new Label(Formats.NONE);
            value.setId("metric-" + rows[i][0]);
            value.setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
            metricsGrid.addRow(i, name, value);
        }
        Label note = new Label();
        note.setId("metrics-note");
        note.setWrapText(true);
        note.setStyle("-fx-text-fill: -fx-mid-text-color; -fx-font-size: 0.9em;");
        vm.review().metricsProperty().addListener((o, a, b) -> update(b, note));
        update(vm.review().metricsProperty().get(), note);
        return titled("Metrics", new VBox(6, metricsGrid, note));
    }

    private void update(ImageRecord m, Label note) {
        set("dice", m == null ? Formats.NONE : Formats.ratio(m.dice()));
        set("iou", m == null ? Formats.NONE : Formats.ratio(m.iou()));
        set("sensitivity", m == null ? Formats.NONE : Formats.ratio(m.sensitivity()));
        set("specificity", m == null ? Formats.NONE : Formats.ratio(m.specificity()));
        set("accuracy", m == null ? Formats.NONE : Formats.ratio(m.accuracy()));
        set("hd95", m == null ? Formats.NONE : Formats.distance(m.hd95Px(), m.hd95Mm()));
        set("area-px", m == null ? Formats.NONE : Formats.pixels(m.lesionAreaPx()));
        set("area-mm2", m == null ? Formats.NONE : Formats.areaMm2(m.lesionAreaMm2()));
        if (m == null) {
            note.setText("");
        } else if (!m.hasMetrics()) {
            note.setText("Overlap metrics need a ground-truth mask." + (m.run().pixelSizeMm() == null
                    ? " Set the pixel size in Edit > Preferences for areas in mm²." : ""));
        } else {
            note.setText(String.format(Locale.ROOT, "Against %s at threshold %.2f%s%s, native resolution.",
                    Path.of(m.groundTruth()).getFileName(), m.run().threshold(),
                    Boolean.TRUE.equals(m.run().cleanUp()) ? ", cleaned up" : "",
                    m.edited() ? ", edited mask" : ""));
        }
    }

    private void set(String id, String text) {
        metricsGrid.getChildren().stream().filter(n -> ("metric-" + id).equals(n.getId())).findFirst()
                .ifPresent(n -> ((Label) n).setText(text));
    }

    // ------------------------------------------------------------------ helpers

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(70);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        ColumnConstraints c2 = new ColumnConstraints();
        c2.setMinWidth(44);
        g.getColumnConstraints().addAll(c0, c1, c2);
        return g;
    }

    private static TitledPane titled(String title, javafx.scene.Node content) {
        TitledPane p = new TitledPane(title, content);
        p.setCollapsible(true);
        p.setAnimated(false);
        return p;
    }

    static Color toColor(int rgb) {
        return Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }

    static int toRgb(Color c) {
        return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                | (int) Math.round(c.getBlue() * 255);
    }
}
