package org.dermaseg.app.gui;

import java.io.File;
import java.util.List;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The workstation window, layout only: image list on the left, the viewer in the middle, controls and
 * metrics on the right, status bar below, menus from {@link MainActions}. State and work live in the
 * {@link MainViewModel}; dialogs in {@link WindowDialogs}.
 */
public final class MainWindow {
    private final Stage stage;
    private final MainViewModel vm;
    private final ImageViewer viewer;
    private final WindowDialogs dialogs;
    private final Filmstrip filmstrip;
    private final ActionRegistry actions;

    public MainWindow(Stage stage, GuiContext context) {
        this.stage = stage;
        this.vm = new MainViewModel(context.store(), context.segmenters());
        this.viewer = new ImageViewer(vm);
        this.dialogs = new WindowDialogs(stage, vm, context.openDocument());
        this.filmstrip = new Filmstrip(vm);
        this.actions = MainActions.of(vm, viewer, dialogs);
        dialogs.shortcutsFrom(actions);
        vm.onProblem(dialogs::showProblem);
        ModelMenu.restoreChoice(vm, GuiLauncher.modelId()); // before the first image is segmented

        BorderPane root = new BorderPane();
        root.setId("main-root");
        root.setTop(actions.menuBar());
        root.setCenter(splitPane());
        root.setBottom(new StatusBar(vm, viewer));

        Scene scene = new Scene(root);
        actions.installKeys(scene);
        installDragAndDrop(scene);
        stage.setScene(scene);
        stage.setMinWidth(GuiLimits.WINDOW_MIN_WIDTH);
        stage.setMinHeight(GuiLimits.WINDOW_MIN_HEIGHT);
        WindowPlacement.apply(stage, vm.settings());
        stage.titleProperty().bind(Bindings.createStringBinding(() -> {
            ImageSession s = vm.session();
            return s == null ? "DermaSeg"
                    : s.fileName() + (vm.editing().editedProperty().get() ? " (edited)" : "") + " — DermaSeg";
        }, vm.sessionProperty(), vm.editing().editedProperty()));
        stage.setOnCloseRequest(e -> {
            if (!dialogs.confirmDiscardEdits()) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> dispose());
        if (context.initialImage() != null) {
            Platform.runLater(() -> vm.navigation().open(context.initialImage()));
        } else {
            vm.navigation().warmUp(); // the model is ready by the time the user has picked an image
        }
    }

    private SplitPane splitPane() {
        SidePanel side = new SidePanel(vm, dialogs::pickGroundTruth, dialogs::pickGroundTruthFolder);
        side.addSection(new MeasurementsView(vm.measurements()));
        vm.measurements().visibleRegionsProperty().addListener((o, a, b) -> viewer.setColourRegions(b));
        SplitPane split = new SplitPane(filmstrip, viewerPane(), side);
        split.setDividerPositions(0.14, 0.72);
        split.widthProperty().addListener(new ChangeListener<Number>() {
            @Override
            public void changed(ObservableValue<? extends Number> o, Number a, Number b) {
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
        return split;
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

    private void installDragAndDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                vm.navigation().openAll(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** Stops the window's background threads (closing the window does this). */
    public void dispose() {
        BatchDialog batch = dialogs.batchDialogIfOpened();
        if (batch != null) {
            batch.cancelRunAndWait(15_000); // the report gets written; the engine is not closed under it
            batch.stage().hide();
        }
        filmstrip.close();
        vm.close();
    }

    /**
     * When the process is asked to end from outside (SIGTERM, logout; {@link org.dermaseg.app.ExitSignals})
     * rather than by closing the window: a running batch is cancelled and given time to write its report,
     * and a model load or inference in progress finishes. Off the FX thread; touches no JavaFX state.
     */
    void stopForExit() {
        BatchDialog b = dialogs.batchDialogIfOpened();
        if (b != null) {
            b.cancelRunForExit(10_000);
        }
        vm.stopWorkers(5_000);
    }

    public MainViewModel viewModel() {
        return vm;
    }

    public ImageViewer viewer() {
        return viewer;
    }

    public Stage stage() {
        return stage;
    }

    /** The commands of this window (menus, keys, the shortcut table). */
    public ActionRegistry actions() {
        return actions;
    }

    /** Problem dialogs currently open. */
    public List<Alert> openAlerts() {
        return dialogs.openAlerts();
    }

    /** The batch dialog (created on first use). */
    public BatchDialog batchDialog() {
        return dialogs.batchDialog();
    }
}
