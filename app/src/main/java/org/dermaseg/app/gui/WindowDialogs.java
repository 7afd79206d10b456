package org.dermaseg.app.gui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import org.dermaseg.app.SampleData;
import org.dermaseg.inference.io.ImageFiles;

import static org.dermaseg.app.gui.ExportViewModel.ExportKind;

/**
 * Everything the main window asks or tells the user in a dialog: file and folder choosers, the export,
 * batch, preferences and about dialogs, problems, the shortcut table, and "quit with unsaved edits?".
 */
final class WindowDialogs {
    private final Stage stage;
    private final MainViewModel vm;
    private final Consumer<Path> openDocument;
    private final List<Alert> openAlerts = new ArrayList<>();
    private volatile BatchDialog batchDialog; // read by the exit hook too
    private ActionRegistry actions;

    WindowDialogs(Stage stage, MainViewModel vm, Consumer<Path> openDocument) {
        this.stage = stage;
        this.vm = vm;
        this.openDocument = openDocument;
    }

    /** The window the dialogs belong to. */
    Stage owner() {
        return stage;
    }

    /** The table F1 shows. */
    void shortcutsFrom(ActionRegistry registry) {
        actions = registry;
    }

    List<Alert> openAlerts() {
        return openAlerts;
    }

    /** The batch dialog (created on first use). */
    BatchDialog batchDialog() {
        if (batchDialog == null) {
            batchDialog = new BatchDialog(stage, vm, openDocument);
        }
        return batchDialog;
    }

    /** The batch dialog if it was ever opened, else null (any thread). */
    BatchDialog batchDialogIfOpened() {
        return batchDialog;
    }

    void batch() {
        batchDialog().show();
    }

    void preferences() {
        new PreferencesDialog(stage, vm).showAndApply();
    }

    void about() {
        new AboutDialog(stage, vm).show();
    }

    void exportAll() {
        new ExportDialog(stage, vm).show();
    }

    void quit() {
        if (confirmDiscardEdits()) {
            stage.close();
        }
    }

    private File initialDir(Path preferred) {
        if (preferred != null && Files.isDirectory(preferred)) {
            return preferred.toFile();
        }
        ImageSession s = vm.session();
        if (s != null) {
            return s.path().getParent().toFile();
        }
        // a first start: the bundled samples are the images at hand
        return SampleData.find().map(p -> p.resolve("images").toFile()).orElse(null);
    }

    void pickImage() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open dermoscopy image");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images (JPEG, PNG, BMP, TIFF)",
                ImageFiles.IMAGE_EXTENSIONS.stream().flatMap(x -> Stream.of("*." + x,
                        "*." + x.toUpperCase(Locale.ROOT))).toList()));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*.*"));
        fc.setInitialDirectory(initialDir(vm.settings().lastOpenFolderProperty().get()));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            vm.navigation().open(f.toPath());
        }
    }

    void pickFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open folder of images");
        dc.setInitialDirectory(initialDir(vm.settings().lastOpenFolderProperty().get()));
        File d = dc.showDialog(stage);
        if (d != null) {
            vm.navigation().openFolder(d.toPath());
        }
    }

    void pickGroundTruth() {
        if (vm.session() == null) {
            vm.report(Problem.error("No image open", "ground truth belongs to an image", "Open the image first."));
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Ground-truth mask of " + vm.session().fileName());
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Masks", "*.png", "*.bmp", "*.tif", "*.tiff",
                "*.jpg", "*.PNG", "*.BMP"));
        fc.setInitialDirectory(initialDir(vm.settings().groundTruthFolderProperty().get()));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            vm.groundTruth().load(f.toPath());
        }
    }

    void pickGroundTruthFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Folder of ground-truth masks");
        dc.setInitialDirectory(initialDir(vm.settings().groundTruthFolderProperty().get()));
        File d = dc.showDialog(stage);
        if (d != null) {
            vm.groundTruth().setFolder(d.toPath());
        }
    }

    /** File &gt; Report…: where to save the current image's one-page PDF report ({@link ReportAction}). */
    void report() {
        ReportAction.pickAndWrite(stage, vm);
    }

    void exportOne(ExportKind kind) {
        ImageSession s = vm.session();
        if (s == null) {
            return;
        }
        Path last = vm.settings().lastExportFolderProperty().get();
        Path dir = last != null && Files.isDirectory(last) ? last : s.path().getParent();
        Path suggested = vm.export().targets(dir, EnumSet.of(kind)).get(kind);
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
        if (f != null) {
            vm.export().exportOne(kind, f.toPath());
        }
    }

    /** True when there are no unsaved edits, or the user chose to discard them. */
    boolean confirmDiscardEdits() {
        List<Path> unsaved = vm.navigation().unsavedEdits();
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

    void showProblem(Problem p) {
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

    void shortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        GridPane table = new GridPane();
        table.setId("shortcut-table");
        table.setHgap(18);
        table.setVgap(2);
        int r = 0;
        for (ActionRegistry.Shortcut s : actions.shortcuts()) {
            Label key = new Label(s.keys());
            key.setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
            table.addRow(r++, key, new Label(s.help()));
        }
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(table);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(Math.min(520, 20.0 * r));
        a.getDialogPane().setContent(scroll);
        a.show();
    }
}
