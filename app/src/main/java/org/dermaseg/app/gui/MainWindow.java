package org.dermaseg.app.gui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.dermaseg.app.SampleData;

import org.dermaseg.inference.batch.ImageFiles;
import org.dermaseg.inference.export.ExportFiles;
import org.dermaseg.inference.render.ViewMode;

/**
 * The workstation window: image list on the left, the viewer in the middle, controls and metrics on the
 * right, status bar below. Builds the view around a {@link MainViewModel}; holds no image logic.
 */
public final class MainWindow {
    private final Stage stage;
    private final GuiContext context;
    private final MainViewModel vm;
    private final ImageViewer viewer;
    private final ListView<Path> filmstrip = new ListView<>();
    private final List<Alert> openAlerts = new ArrayList<>();
    private final ThumbnailCache thumbnails = new ThumbnailCache(filmstrip::refresh);
    private volatile BatchDialog batchDialog; // read by the exit hook too
    private boolean syncingSelection;
    private final MeasurementsViewModel measures;

    public MainWindow(Stage stage, GuiContext context) {
        this.stage = stage;
        this.context = context;
        Preferences prefs = context.store() == null ? new Preferences() : context.store().load();
        this.vm = new MainViewModel(context.store(), prefs, context.segmenters());
        this.viewer = new ImageViewer(vm);
        this.measures = new MeasurementsViewModel(vm);
        vm.onProblem(this::showProblem);

        BorderPane root = new BorderPane();
        root.setId("main-root");
        root.setTop(menuBar());
        SidePanel side = new SidePanel(vm, this::pickGroundTruth, this::pickGroundTruthFolder);
        side.addSection(new MeasurementsView(measures));
        measures.visibleRegionsProperty().addListener((o, a, b) -> viewer.setColourRegions(b));
        SplitPane split = new SplitPane(filmstripPane(), viewerPane(), side);
        split.setDividerPositions(0.14, 0.72);
        split.widthProperty().addListener(new javafx.beans.value.ChangeListener<Number>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                double w = b.doubleValue();
                if (w > 600) {
                    // list and panel keep their natural widths; the image gets the rest
                    split.setDividerPositions(205 / w, 1 - 372 / w);
                    split.widthProperty().removeListener(this);
                }
            }
        });
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        SplitPane.setResizableWithParent(split.getItems().get(2), false);
        root.setCenter(split);
        root.setBottom(statusBar());

        Scene scene = new Scene(root, Math.max(800, prefs.windowWidth), Math.max(560, prefs.windowHeight));
        installDragAndDrop(scene);
        stage.setScene(scene);
        stage.titleProperty().bind(Bindings.createStringBinding(() -> {
            ImageSession s = vm.session();
            return s == null ? "DermaSeg" : s.fileName() + (vm.editedProperty().get() ? " (edited)" : "") + " — DermaSeg";
        }, vm.sessionProperty(), vm.editedProperty()));
        stage.setOnCloseRequest(e -> {
            if (!confirmDiscardEdits()) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> {
            prefs.windowWidth = scene.getWidth();
            prefs.windowHeight = scene.getHeight();
            dispose();
        });
        if (context.initialImage() != null) {
            Platform.runLater(() -> vm.open(context.initialImage()));
        } else {
            vm.warmUp(); // the model is ready by the time the user has picked an image
        }
    }

    /** Stops the window's background threads (closing the window does this). */
    public void dispose() {
        if (batchDialog != null) {
            batchDialog.cancelRunAndWait(15_000); // the report gets written; the engine is not closed under it
            batchDialog.stage().hide();
        }
        thumbnails.close();
        measures.close();
        vm.close();
    }

    /**
     * When the process is asked to end from outside (SIGTERM, logout; {@link org.dermaseg.app.ExitSignals})
     * rather than by closing the window: a running batch is cancelled and given time to write its report,
     * and a model load or inference in progress finishes. Off the FX thread; touches no JavaFX state.
     */
    void stopForExit() {
        BatchDialog b = batchDialog;
        if (b != null) {
            b.cancelRunForExit(10_000);
        }
        vm.stopWorkers(5_000);
    }

    public MainViewModel viewModel() {
        return vm;
    }

    MeasurementsViewModel measurements() {
        return measures;
    }

    public ImageViewer viewer() {
        return viewer;
    }

    public Stage stage() {
        return stage;
    }

    /** Problem dialogs currently open. */
    public List<Alert> openAlerts() {
        return openAlerts;
    }

    /** The batch dialog (created on first use). */
    public BatchDialog batchDialog() {
        if (batchDialog == null) {
            batchDialog = new BatchDialog(stage, vm, context.openDocument());
        }
        return batchDialog;
    }

    // ------------------------------------------------------------------ layout

    private VBox filmstripPane() {
        filmstrip.setId("filmstrip");
        filmstrip.setItems(vm.images());
        filmstrip.setCellFactory(lv -> new ListCell<>() {
            private final javafx.scene.image.ImageView thumb = new javafx.scene.image.ImageView();
            private final javafx.scene.layout.StackPane frame = new javafx.scene.layout.StackPane(thumb);

            {
                frame.setMinSize(ThumbnailCache.SIDE, ThumbnailCache.SIDE * 3 / 4);
                frame.setPrefSize(ThumbnailCache.SIDE, ThumbnailCache.SIDE * 3 / 4);
                frame.setStyle("-fx-background-color: #3a3a3a;");
                setGraphicTextGap(8);
            }

            @Override
            protected void updateItem(Path item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    setStyle("");
                } else {
                    boolean unsaved = vm.hasUnsavedEdits(item);
                    setText((unsaved ? "● " : "") + item.getFileName());
                    setStyle(unsaved ? "-fx-text-fill: #ff9100;" : "");
                    thumb.setImage(thumbnails.get(item));
                    setGraphic(frame);
                }
            }
        });
        filmstrip.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!syncingSelection && b.intValue() >= 0) {
                vm.openAt(b.intValue());
            }
        });
        // Page Down/Up mean next/previous image everywhere; a focused ListView would otherwise jump a whole
        // page (from the first image straight to the last when the folder fits in the list)
        filmstrip.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.PAGE_DOWN || e.getCode() == KeyCode.PAGE_UP) {
                e.consume();
                if (e.getCode() == KeyCode.PAGE_DOWN) {
                    vm.next();
                } else {
                    vm.previous();
                }
            }
        });
        vm.indexProperty().addListener((o, a, b) -> selectInList(b.intValue()));
        vm.images().addListener((javafx.collections.ListChangeListener<Path>) c -> selectInList(vm.indexProperty().get()));
        vm.revisionProperty().addListener((o, a, b) -> filmstrip.refresh());
        Label title = new Label("Images");
        title.setStyle("-fx-font-weight: bold;");
        Label count = new Label();
        count.textProperty().bind(Bindings.createStringBinding(() -> vm.images().isEmpty() ? ""
                : (vm.indexProperty().get() + 1) + " / " + vm.images().size(), vm.images(), vm.indexProperty()));
        HBox head = new HBox(8, title, count);
        head.setPadding(new Insets(4, 6, 4, 6));
        VBox box = new VBox(head, filmstrip);
        VBox.setVgrow(filmstrip, Priority.ALWAYS);
        box.setMinWidth(140);
        box.setPrefWidth(200);
        return box;
    }

    private void selectInList(int i) {
        syncingSelection = true;
        try {
            if (i >= 0 && i < vm.images().size()) {
                filmstrip.getSelectionModel().select(i);
                filmstrip.scrollTo(Math.max(0, i - 3));
            } else {
                filmstrip.getSelectionModel().clearSelection();
            }
        } finally {
            syncingSelection = false;
        }
    }

    private StackPane viewerPane() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("busy-indicator");
        spinner.setMaxSize(64, 64);
        Label busyText = new Label();
        busyText.textProperty().bind(vm.statusProperty());
        busyText.setStyle("-fx-text-fill: white; -fx-background-color: rgba(0,0,0,0.55); -fx-padding: 4 8;");
        VBox busy = new VBox(8, spinner, busyText);
        busy.setAlignment(Pos.CENTER);
        busy.setMouseTransparent(true);
        busy.visibleProperty().bind(vm.busyProperty());

        Label hint = new Label("Drop dermoscopy images or a folder here\nor use File > Open (Ctrl+O)");
        hint.setId("drop-hint");
        hint.setStyle("-fx-text-fill: #cfcfcf; -fx-font-size: 1.4em; -fx-text-alignment: center;");
        hint.setMouseTransparent(true);
        hint.visibleProperty().bind(vm.sessionProperty().isNull().and(vm.busyProperty().not()));
        StackPane pane = new StackPane(viewer, hint, busy);
        pane.setStyle("-fx-background-color: #2b2b2b;");
        pane.setMinWidth(200);
        return pane;
    }

    private HBox statusBar() {
        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(vm.statusProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Label engine = new Label();
        engine.setId("status-engine");
        engine.textProperty().bind(vm.engineTextProperty());
        Label timing = new Label();
        timing.setId("status-timing");
        timing.textProperty().bind(vm.timingTextProperty());
        Label size = new Label();
        size.setId("status-size");
        size.textProperty().bind(vm.sizeTextProperty());
        Label zoom = new Label();
        zoom.setId("status-zoom");
        zoom.textProperty().bind(Bindings.createStringBinding(() -> vm.session() == null ? ""
                : String.format(Locale.ROOT, "Zoom %.0f %%", viewer.scale() * 100), viewer.scaleProperty(), vm.sessionProperty()));
        HBox bar = new HBox(10, message, sep(), engine, sep(), timing, sep(), size, sep(), zoom);
        bar.setId("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.setStyle("-fx-background-color: derive(-fx-base, -6%); -fx-border-color: derive(-fx-base, -20%) transparent transparent transparent;");
        for (Label l : new Label[] {engine, timing, size, zoom}) {
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
        return bar;
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }

    // ------------------------------------------------------------------ menus

    private MenuBar menuBar() {
        Menu recent = new Menu("Open Recent");
        recent.setId("menu-recent");
        recent.setOnShowing(e -> fillRecent(recent));
        fillRecent(recent);
        Menu export = new Menu("Export", null,
                item("Mask PNG…", "Ctrl+S", e -> exportOne(MainViewModel.ExportKind.MASK)),
                item("Overlay PNG…", null, e -> exportOne(MainViewModel.ExportKind.OVERLAY)),
                item("Contour GeoJSON (QuPath)…", null, e -> exportOne(MainViewModel.ExportKind.GEOJSON)),
                item("Metrics CSV…", null, e -> exportOne(MainViewModel.ExportKind.METRICS_CSV)),
                item("Metrics JSON…", null, e -> exportOne(MainViewModel.ExportKind.METRICS_JSON)),
                new SeparatorMenuItem(),
                item("All to Folder…", "Ctrl+E", e -> new ExportDialog(stage, vm).show()));
        export.disableProperty().bind(vm.sessionProperty().isNull());
        Menu file = new Menu("File", null,
                item("Open Image…", "Ctrl+O", e -> pickImage()),
                item("Open Folder…", "Ctrl+Shift+O", e -> pickFolder()),
                recent,
                sampleImagesItem(),
                new SeparatorMenuItem(),
                item("Load Ground Truth…", "Ctrl+G", e -> pickGroundTruth()),
                item("Ground-Truth Folder…", null, e -> pickGroundTruthFolder()),
                new SeparatorMenuItem(),
                export,
                new SeparatorMenuItem(),
                item("Batch…", "Ctrl+B", e -> batchDialog().show()),
                item("Report…", null, e -> ReportAction.pickAndWrite(stage, vm, measures)),
                new SeparatorMenuItem(),
                item("Quit", "Ctrl+Q", e -> {
                    if (confirmDiscardEdits()) {
                        stage.close();
                    }
                }));

        MenuItem undo = item("Undo", "Shortcut+Z", e -> vm.undo());
        undo.disableProperty().bind(vm.canUndoProperty().not());
        MenuItem redo = item("Redo", "Shortcut+Shift+Z", e -> vm.redo());
        redo.disableProperty().bind(vm.canRedoProperty().not());
        MenuItem redoY = item("Redo (alternative)", "Shortcut+Y", e -> vm.redo());
        redoY.setVisible(false);
        ToggleGroup tools = new ToggleGroup();
        Menu edit = new Menu("Edit", null, undo, redo, redoY,
                item("Reset to Model Output", "Shortcut+R", e -> vm.resetToModel()),
                new SeparatorMenuItem(),
                radio("Pan Tool", "V", tools, vm.toolProperty(), MainViewModel.Tool.VIEW),
                radio("Brush", "B", tools, vm.toolProperty(), MainViewModel.Tool.BRUSH),
                radio("Eraser", "E", tools, vm.toolProperty(), MainViewModel.Tool.ERASER),
                item("Larger Brush", "]", e -> vm.brushSizeProperty().set(Math.min(200, vm.brushSizeProperty().get() * 1.25))),
                item("Smaller Brush", "[", e -> vm.brushSizeProperty().set(Math.max(1, vm.brushSizeProperty().get() / 1.25))),
                new SeparatorMenuItem(),
                item("Preferences…", "Ctrl+Comma", e -> new PreferencesDialog(stage, vm).showAndApply()));

        ToggleGroup modes = new ToggleGroup();
        Menu view = new Menu("View", null,
                item("Zoom In", "Shortcut+Equals", e -> viewer.zoomIn()),
                item("Zoom Out", "Shortcut+Minus", e -> viewer.zoomOut()),
                item("Fit to Window", "Shortcut+0", e -> viewer.fit()),
                item("Actual Size (1:1)", "Shortcut+1", e -> viewer.actualSize()),
                new SeparatorMenuItem(),
                radio("Mask", "M", modes, vm.viewModeProperty(), ViewMode.MASK),
                radio("Compare with Ground Truth", "C", modes, vm.viewModeProperty(), ViewMode.COMPARE),
                radio("Probability Heat-map", "H", modes, vm.viewModeProperty(), ViewMode.PROBABILITY),
                radio("Original", "O", modes, vm.viewModeProperty(), ViewMode.ORIGINAL),
                item("Toggle Outline", "T", e -> vm.contourProperty().set(!vm.contourProperty().get())),
                item("Toggle Clean-up (largest region, holes filled)", "K",
                        e -> vm.cleanUpProperty().set(!vm.cleanUpProperty().get())),
                item("Lower Threshold", "Comma", e -> nudgeThreshold(-0.05)),
                item("Raise Threshold", "Period", e -> nudgeThreshold(0.05)),
                new SeparatorMenuItem(),
                item("Next Image", "Page Down", e -> vm.next()),
                item("Previous Image", "Page Up", e -> vm.previous()));
        // plain +/- also zoom, without the modifier
        Platform.runLater(() -> {
            if (stage.getScene() != null) {
                stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.PLUS), viewer::zoomIn);
                stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.ADD), viewer::zoomIn);
                stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.EQUALS), viewer::zoomIn);
                stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.MINUS), viewer::zoomOut);
                stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.SUBTRACT), viewer::zoomOut);
                stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.F), viewer::fit);
            }
        });

        Menu help = new Menu("Help", null,
                item("Keyboard Shortcuts", "F1", e -> showShortcuts()),
                item("About DermaSeg", null, e -> new AboutDialog(stage, vm).show()));
        MenuBar bar = new MenuBar(file, edit, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private void nudgeThreshold(double d) {
        double t = Math.round((vm.thresholdProperty().get() + d) * 100) / 100.0;
        vm.thresholdProperty().set(Math.max(0.01, Math.min(0.99, t)));
    }

    private static MenuItem item(String text, String accelerator, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(action);
        return m;
    }

    private static <T> RadioMenuItem radio(String text, String accelerator, ToggleGroup group,
                                           javafx.beans.property.ObjectProperty<T> property, T value) {
        RadioMenuItem m = new RadioMenuItem(text);
        m.setToggleGroup(group);
        m.setAccelerator(KeyCombination.keyCombination(accelerator));
        m.setSelected(property.get() == value);
        m.setOnAction(e -> property.set(value));
        property.addListener((o, a, b) -> m.setSelected(b == value));
        return m;
    }

    private void fillRecent(Menu recent) {
        recent.getItems().clear();
        List<String> files = vm.preferences().recentFiles;
        if (files == null || files.isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            recent.getItems().add(none);
            return;
        }
        for (String f : files) {
            MenuItem m = new MenuItem(f);
            m.setMnemonicParsing(false);
            m.setOnAction(e -> {
                Path p = Path.of(f);
                if (Files.exists(p)) {
                    vm.open(p);
                } else {
                    vm.report(Problem.error("Could not open " + p.getFileName(), f + " no longer exists",
                            "It was moved or deleted; open it from its new place with File > Open."));
                    vm.preferences().recentFiles.remove(f);
                }
            });
            recent.getItems().add(m);
        }
        recent.getItems().add(new SeparatorMenuItem());
        recent.getItems().add(item("Clear List", null, e -> {
            vm.preferences().recentFiles.clear();
            vm.savePreferences();
        }));
    }

    // ------------------------------------------------------------------ actions

    private File initialDir(String preferred) {
        if (preferred != null && Files.isDirectory(Path.of(preferred))) {
            return new File(preferred);
        }
        ImageSession s = vm.session();
        if (s != null) {
            return s.path().getParent().toFile();
        }
        // a first start: the bundled samples are the images at hand
        return SampleData.find().map(p -> p.resolve("images").toFile()).orElse(null);
    }

    /** File > Open Sample Images: the ten bundled PH2 images with their expert masks (disabled without them). */
    private MenuItem sampleImagesItem() {
        java.util.Optional<Path> samples = SampleData.find();
        MenuItem item = item("Open Sample Images", null,
                e -> samples.ifPresent(p -> vm.openFolder(p.resolve("images"))));
        item.setId("menu-open-samples");
        item.setDisable(samples.isEmpty());
        return item;
    }

    private void pickImage() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open dermoscopy image");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images (JPEG, PNG, BMP, TIFF)",
                ImageFiles.IMAGE_EXTENSIONS.stream().flatMap(x -> java.util.stream.Stream.of("*." + x,
                        "*." + x.toUpperCase(Locale.ROOT))).toList()));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*.*"));
        fc.setInitialDirectory(initialDir(vm.preferences().lastOpenFolder));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void pickFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open folder of images");
        dc.setInitialDirectory(initialDir(vm.preferences().lastOpenFolder));
        File d = dc.showDialog(stage);
        if (d != null) {
            vm.openFolder(d.toPath());
        }
    }

    private void pickGroundTruth() {
        if (vm.session() == null) {
            vm.report(Problem.error("No image open", "ground truth belongs to an image", "Open the image first."));
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Ground-truth mask of " + vm.session().fileName());
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Masks", "*.png", "*.bmp", "*.tif", "*.tiff",
                "*.jpg", "*.PNG", "*.BMP"));
        fc.setInitialDirectory(initialDir(vm.preferences().groundTruthFolder));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            vm.loadGroundTruth(f.toPath());
        }
    }

    private void pickGroundTruthFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Folder of ground-truth masks");
        dc.setInitialDirectory(initialDir(vm.preferences().groundTruthFolder));
        File d = dc.showDialog(stage);
        if (d != null) {
            vm.setGroundTruthFolder(d.toPath());
        }
    }

    private void exportOne(MainViewModel.ExportKind kind) {
        ImageSession s = vm.session();
        if (s == null) {
            return;
        }
        Path dir = vm.preferences().lastExportFolder != null && Files.isDirectory(Path.of(vm.preferences().lastExportFolder))
                ? Path.of(vm.preferences().lastExportFolder) : s.path().getParent();
        Path suggested = vm.exportTargets(dir, java.util.EnumSet.of(kind)).get(kind);
        FileChooser fc = new FileChooser();
        fc.setTitle("Export " + switch (kind) {
            case MASK -> "mask";
            case OVERLAY -> "overlay";
            case GEOJSON -> "contour";
            default -> "metrics";
        });
        fc.setInitialDirectory(dir.toFile());
        fc.setInitialFileName(suggested.getFileName().toString());
        File f = fc.showSaveDialog(stage);
        if (f == null) {
            return;
        }
        Path target = f.toPath();
        vm.preferences().lastExportFolder = target.getParent().toString();
        switch (kind) {
            case MASK -> vm.exportMask(target);
            case OVERLAY -> vm.exportOverlay(target);
            case GEOJSON -> vm.exportGeoJson(target);
            case METRICS_CSV -> vm.exportMetricsCsv(target);
            case METRICS_JSON -> vm.exportMetricsJson(target);
        }
    }

    private void installDragAndDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = false;
            if (e.getDragboard().hasFiles()) {
                vm.openAll(e.getDragboard().getFiles().stream().map(File::toPath).toList());
                ok = true;
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** True when there are no unsaved edits, or the user chose to discard them. */
    private boolean confirmDiscardEdits() {
        List<Path> unsaved = vm.unsavedEdits();
        if (unsaved.isEmpty()) {
            return true;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION);
        a.initOwner(stage);
        a.setTitle("Unsaved corrections");
        a.setHeaderText(unsaved.size() == 1 ? unsaved.get(0).getFileName() + " has corrections that were not exported"
                : unsaved.size() + " images have corrections that were not exported");
        a.setContentText("Export the mask (File > Export > Mask PNG, Ctrl+S) to keep them. Quit anyway?");
        ButtonType quit = new ButtonType("Quit Without Saving", ButtonBar.ButtonData.OK_DONE);
        a.getButtonTypes().setAll(quit, ButtonType.CANCEL);
        return a.showAndWait().orElse(ButtonType.CANCEL) == quit;
    }

    private void showProblem(Problem p) {
        Alert a = new Alert(switch (p.severity()) {
            case ERROR -> Alert.AlertType.ERROR;
            case WARNING -> Alert.AlertType.WARNING;
            case INFO -> Alert.AlertType.INFORMATION;
        });
        a.initOwner(stage);
        a.setTitle("DermaSeg");
        a.setHeaderText(p.title());
        a.setContentText(p.text());
        a.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        a.getDialogPane().setPrefWidth(520);
        a.getDialogPane().setId("problem-dialog");
        openAlerts.add(a);
        a.setOnHidden(e -> openAlerts.remove(a));
        a.show(); // never blocks: work goes on while the message is read
    }

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        javafx.scene.layout.GridPane table = new javafx.scene.layout.GridPane();
        table.setHgap(18);
        table.setVgap(4);
        for (int r = 0; r < SHORTCUTS.length; r++) {
            Label key = new Label(SHORTCUTS[r][0]);
            key.setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
            table.addRow(r, key, new Label(SHORTCUTS[r][1]));
        }
        a.getDialogPane().setContent(table);
        a.show();
    }

    /** Key, action: the Help > Keyboard Shortcuts table. */
    static final String[][] SHORTCUTS = {
            {"Ctrl+O / Ctrl+Shift+O", "open image / folder"},
            {"Page Down / Page Up", "next / previous image"},
            {"Ctrl+G", "load ground truth"},
            {"Ctrl+S / Ctrl+E", "export mask / export all"},
            {"Ctrl+B", "batch"},
            {"Ctrl+Z / Ctrl+Shift+Z", "undo / redo (also Ctrl+Y)"},
            {"Ctrl+R", "reset mask to model output"},
            {"V / B / E", "pan / brush / eraser"},
            {"[ / ]", "smaller / larger brush"},
            {"M / C / H / O", "mask / compare / heat-map / original"},
            {"T", "outline on/off"},
            {"K", "clean-up (largest region, holes filled) on/off"},
            {", / .", "threshold -0.05 / +0.05"},
            {"+ / - / wheel", "zoom (Ctrl+0 fit, Ctrl+1 1:1, F fit)"},
            {"drag (Pan tool), right- or Shift-drag", "pan"},
            {"Ctrl+,", "preferences"},
            {"F1", "this list"},
    };
}
