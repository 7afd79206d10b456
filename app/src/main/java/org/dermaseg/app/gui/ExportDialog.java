package org.dermaseg.app.gui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** File > Export > All to Folder: picks what to write (standard names) and where. */
final class ExportDialog {
    private final Window owner;
    private final MainViewModel vm;

    ExportDialog(Window owner, MainViewModel vm) {
        this.owner = owner;
        this.vm = vm;
    }

    void show() {
        ImageSession s = vm.session();
        if (s == null) {
            return;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Export " + s.fileName());
        d.setHeaderText("Export " + s.fileName() + (s.editor() != null && s.editor().isEdited()
                ? " (edited mask: files are marked as edited)" : ""));
        Map<ExportViewModel.ExportKind, CheckBox> boxes = new EnumMap<>(ExportViewModel.ExportKind.class);
        String name = s.fileName();
        boxes.put(ExportViewModel.ExportKind.MASK, new CheckBox("Mask PNG (ISIC name)"));
        boxes.put(ExportViewModel.ExportKind.OVERLAY, new CheckBox("Overlay PNG"));
        boxes.put(ExportViewModel.ExportKind.GEOJSON, new CheckBox("Contour GeoJSON (QuPath)"));
        boxes.put(ExportViewModel.ExportKind.METRICS_CSV, new CheckBox("Metrics CSV"));
        boxes.put(ExportViewModel.ExportKind.METRICS_JSON, new CheckBox("Metrics JSON"));
        boxes.values().forEach(b -> b.setSelected(true));
        String start = vm.settings().lastExportFolderProperty().get() != null
                ? vm.settings().lastExportFolderProperty().get().toString()
                : s.path().getParent().toString();
        TextField folder = new TextField(start);
        folder.setId("export-folder");
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            File init = new File(folder.getText());
            if (init.isDirectory()) {
                dc.setInitialDirectory(init);
            }
            File f = dc.showDialog(d.getDialogPane().getScene().getWindow());
            if (f != null) {
                folder.setText(f.toString());
            }
        });
        CheckBox replace = new CheckBox("Replace existing files");
        Label names = new Label(String.join(", ", vm.export().targets(Path.of("."), EnumSet.allOf(ExportViewModel.ExportKind.class))
                .values().stream().map(p -> p.getFileName().toString()).toList()));
        names.setWrapText(true);
        names.setStyle("-fx-text-fill: -fx-mid-text-color; -fx-font-size: 0.9em;");
        VBox content = new VBox(8);
        content.getChildren().addAll(boxes.values());
        content.getChildren().addAll(new Label("Folder"), new HBox(6, folder, browse), replace, names);
        content.setPadding(new Insets(10));
        content.setPrefWidth(520);
        d.getDialogPane().setContent(content);
        ButtonType export = new ButtonType("Export", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(export, ButtonType.CANCEL);
        d.showAndWait().filter(b -> b == export).ifPresent(b -> {
            Set<ExportViewModel.ExportKind> kinds = EnumSet.noneOf(ExportViewModel.ExportKind.class);
            boxes.forEach((k, box) -> {
                if (box.isSelected()) {
                    kinds.add(k);
                }
            });
            Path dir = Path.of(folder.getText().trim());
            if (!Files.isDirectory(dir)) {
                vm.report(Problem.error("Could not export " + name, dir + " is not a folder",
                        "Choose an existing folder with Browse…"));
                return;
            }
            if (!kinds.isEmpty()) {
                vm.export().exportAll(dir, kinds, replace.isSelected());
            }
        });
    }
}
