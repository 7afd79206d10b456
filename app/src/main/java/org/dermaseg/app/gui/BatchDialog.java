package org.dermaseg.app.gui;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * File > Batch: segment a folder with {@link org.dermaseg.inference.batch.BatchRunner}. A separate,
 * non-modal window: the viewer stays usable while the batch runs.
 */
public final class BatchDialog {
    private final Stage stage = new Stage();
    private final BatchViewModel bvm;
    private final Consumer<Path> openDocument;
    private final MainViewModel main;

    BatchDialog(Window owner, MainViewModel main, Consumer<Path> openDocument) {
        this.main = main;
        this.bvm = new BatchViewModel(main);
        this.openDocument = openDocument;
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle("Batch segmentation — DermaSeg");
        stage.setScene(new Scene(build(), 900, 640));
        // Escape closes the dialog when idle; a running batch is only stopped by Cancel, never by a stray key
        stage.getScene().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && !bvm.runningProperty().get()) {
                e.consume();
                stage.hide();
            }
        });
        stage.setOnCloseRequest(e -> {
            if (bvm.runningProperty().get()) {
                bvm.cancel(); // closing the window stops the run cleanly; it keeps writing the report
            }
        });
    }

    public BatchViewModel viewModel() {
        return bvm;
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    void cancelRun() {
        bvm.cancel();
    }

    /** Cancels a run and waits (bounded) for it to end. */
    void cancelRunAndWait(long millis) {
        bvm.cancelAndWait(millis);
    }

    /** {@link BatchViewModel#cancelForExit}: safe off the FX thread. */
    void cancelRunForExit(long millis) {
        bvm.cancelForExit(millis);
    }

    private VBox build() {
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(130);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(c0, c1, new ColumnConstraints());
        folderRow(form, 0, "Input folder", "batch-input", bvm.inputProperty(), "Folder of dermoscopy images");
        folderRow(form, 1, "Output folder", "batch-output", bvm.outputProperty(),
                "Masks <name>_segmentation.png and report.csv/json go here");
        folderRow(form, 2, "Ground truth (optional)", "batch-gt", bvm.groundTruthProperty(),
                "Masks found by name (e.g. IMD002_lesion.png); also looked for beside each image");

        ChoiceBox<String> engine = new ChoiceBox<>();
        engine.setId("batch-engine");
        engine.getItems().addAll(BatchViewModel.SAME_AS_VIEWER, "auto", "onnx", "java");
        engine.valueProperty().bindBidirectional(bvm.engineProperty());
        ChoiceBox<String> device = new ChoiceBox<>();
        device.setId("batch-device");
        device.getItems().addAll("auto", "cpu", "cuda");
        device.valueProperty().bindBidirectional(bvm.deviceProperty());
        device.disableProperty().bind(bvm.engineProperty().isEqualTo(BatchViewModel.SAME_AS_VIEWER));
        HBox engineBox = new HBox(8, engine, new Label("device"), device);
        engineBox.setAlignment(Pos.CENTER_LEFT);
        form.addRow(3, new Label("Engine"), engineBox);

        ToggleGroup modes = new ToggleGroup();
        RadioButton fresh = radio("New run", BatchViewModel.Mode.NEW, modes, "batch-mode-new",
                "Stop if the output folder already holds a report");
        RadioButton resume = radio("Resume", BatchViewModel.Mode.RESUME, modes, "batch-mode-resume",
                "Skip images whose mask already exists and is complete");
        RadioButton overwrite = radio("Overwrite", BatchViewModel.Mode.OVERWRITE, modes, "batch-mode-overwrite",
                "Replace masks and reports of an earlier run");
        modes.selectToggle(fresh);
        modes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                bvm.modeProperty().set((BatchViewModel.Mode) b.getUserData());
            }
        });
        HBox modeBox = new HBox(14, fresh, resume, overwrite);
        form.addRow(4, new Label("Existing outputs"), modeBox);
        Label maskRule = new Label();
        maskRule.setId("batch-mask-rule");
        maskRule.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.format(
                java.util.Locale.ROOT, "threshold %.2f, clean-up %s (as in the viewer)", main.review().thresholdProperty().get(),
                main.review().cleanUpProperty().get() ? "on" : "off"), main.review().thresholdProperty(), main.review().cleanUpProperty()));
        form.addRow(5, new Label("Masks"), maskRule);
        form.disableProperty().bind(bvm.runningProperty());

        Button start = new Button("Start");
        start.setId("batch-start");
        start.setDefaultButton(true);
        start.disableProperty().bind(bvm.runningProperty());
        start.setOnAction(e -> bvm.start());
        Button cancel = new Button("Cancel");
        cancel.setId("batch-cancel");
        cancel.disableProperty().bind(bvm.runningProperty().not().or(bvm.cancellingProperty()));
        cancel.setOnAction(e -> bvm.cancel());
        Button openReport = new Button("Open report");
        openReport.setId("batch-open-report");
        openReport.disableProperty().bind(bvm.reportProperty().isNull().or(bvm.runningProperty()));
        openReport.setOnAction(e -> {
            Path p = bvm.reportProperty().get();
            if (p != null) {
                try {
                    openDocument.accept(p);
                } catch (RuntimeException ex) {
                    main.report(Problem.warning("Could not open the report", Problem.message(ex),
                            "Open " + p + " with a spreadsheet program."));
                }
            }
        });
        Button close = new Button("Close");
        close.setId("batch-close");
        close.setOnAction(e -> {
            if (bvm.runningProperty().get()) {
                bvm.cancel();
            }
            stage.hide();
        });
        HBox buttons = new HBox(8, start, cancel, openReport, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        ProgressBar bar = new ProgressBar(0);
        bar.setId("batch-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(bvm.progressProperty());
        Label progressText = new Label();
        progressText.setId("batch-progress-text");
        progressText.textProperty().bind(bvm.progressTextProperty());
        Label summary = new Label();
        summary.setId("batch-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(bvm.summaryTextProperty());
        summary.setStyle("-fx-font-weight: bold;");

        TableView<BatchViewModel.Row> table = new TableView<>(bvm.rows());
        table.setId("batch-table");
        table.getColumns().add(column("#", 50, r -> Long.toString(r.position() + 1)));
        table.getColumns().add(column("Image", 220, BatchViewModel.Row::file));
        table.getColumns().add(column("Status", 70, BatchViewModel.Row::status));
        table.getColumns().add(column("Dice", 70, BatchViewModel.Row::dice));
        table.getColumns().add(column("ms", 60, BatchViewModel.Row::ms));
        table.getColumns().add(column("Reason", 380, BatchViewModel.Row::reason));
        table.setPlaceholder(new Label("Per-image results appear here as the batch runs."));
        table.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(BatchViewModel.Row item, boolean empty) {
                super.updateItem(item, empty);
                setStyle(!empty && item != null && "failed".equals(item.status()) ? "-fx-background-color: #ffebee;" : "");
            }
        });
        bvm.rows().addListener((javafx.collections.ListChangeListener<BatchViewModel.Row>) c -> {
            if (!bvm.rows().isEmpty()) {
                table.scrollTo(bvm.rows().size() - 1);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        table.setPrefHeight(240);
        table.setMinHeight(120);

        Label count = new Label();
        count.textProperty().bind(Bindings.createStringBinding(() -> bvm.failedProperty().get() == 0 ? ""
                : bvm.failedProperty().get() + " failed (reasons in the table and the report)", bvm.failedProperty()));
        count.setStyle("-fx-text-fill: #c62828;");

        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {form, buttons, bar, progressText, summary, count}) {
            r.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // only the table gives up height
        }
        VBox root = new VBox(10, form, buttons, bar, progressText, summary, count, table);
        root.setPadding(new Insets(12));
        return root;
    }

    private void folderRow(GridPane g, int row, String label, String id, javafx.beans.property.StringProperty prop,
                           String tip) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(prop);
        field.setTooltip(new Tooltip(tip));
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle(label);
            File init = prop.get().isBlank() ? null : new File(prop.get());
            if (init != null && init.isDirectory()) {
                dc.setInitialDirectory(init);
            }
            File f = dc.showDialog(stage);
            if (f != null) {
                prop.set(f.toString());
            }
        });
        g.addRow(row, new Label(label), field, browse);
    }

    private static RadioButton radio(String text, BatchViewModel.Mode mode, ToggleGroup g, String id, String tip) {
        RadioButton r = new RadioButton(text);
        r.setUserData(mode);
        r.setToggleGroup(g);
        r.setId(id);
        r.setTooltip(new Tooltip(tip));
        return r;
    }

    private static TableColumn<BatchViewModel.Row, String> column(String title, double width,
                                                                  Function<BatchViewModel.Row, String> value) {
        TableColumn<BatchViewModel.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
            }
        });
        return c;
    }
}
