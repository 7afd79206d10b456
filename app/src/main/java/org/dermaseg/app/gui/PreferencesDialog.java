package org.dermaseg.app.gui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineFactory;

/** Edit > Preferences: engine and device, pixel size, ground-truth folder. Overlay settings live in the side panel. */
final class PreferencesDialog {
    private final Window owner;
    private final MainViewModel vm;

    PreferencesDialog(Window owner, MainViewModel vm) {
        this.owner = owner;
        this.vm = vm;
    }

    void showAndApply() {
        Settings p = vm.settings();
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Preferences");
        d.setHeaderText("DermaSeg preferences");
        ChoiceBox<String> engine = new ChoiceBox<>();
        engine.getItems().addAll("auto", "onnx", "java");
        engine.setValue(p.engineProperty().get().toString());
        ChoiceBox<String> device = new ChoiceBox<>();
        device.getItems().addAll("auto", "cpu", "cuda");
        device.setValue(p.deviceProperty().get().toString());
        Label available = new Label("Available here: " + String.join(", ", EngineFactory.availableEngines()));
        available.setStyle("-fx-text-fill: -fx-mid-text-color;");
        Double pxNow = p.pixelSizeMmProperty().get();
        TextField pixel = new TextField(pxNow == null ? "" : String.format(Locale.ROOT, "%s", pxNow));
        pixel.setPromptText("e.g. 0.0065 (empty: unknown)");
        String gtNow = p.groundTruthFolderProperty().get() == null ? "" : p.groundTruthFolderProperty().get().toString();
        TextField gt = new TextField(gtNow);
        gt.setPrefColumnCount(28);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            File f = dc.showDialog(d.getDialogPane().getScene().getWindow());
            if (f != null) {
                gt.setText(f.toString());
            }
        });
        Label error = new Label();
        error.setStyle("-fx-text-fill: #d50000;");
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        g.addRow(0, new Label("Engine"), engine);
        g.addRow(1, new Label("Device"), device);
        g.add(available, 1, 2);
        g.addRow(3, new Label("Pixel size (mm/pixel)"), pixel);
        g.addRow(4, new Label("Ground-truth folder"), new HBox(6, gt, browse));
        g.add(error, 0, 5, 2, 1);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String why = validate(pixel.getText(), gt.getText());
            if (why != null) {
                error.setText(why);
                e.consume(); // keep the dialog open with the reason shown
            }
        });
        if (d.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) {
            return;
        }
        String px = pixel.getText().trim();
        vm.review().pixelSizeMmProperty().set(px.isEmpty() ? null : Double.parseDouble(px));
        String gtDir = gt.getText().trim();
        boolean gtChanged = !gtDir.equals(gtNow);
        boolean engineChanged = !engine.getValue().equals(p.engineProperty().get().toString())
                || !device.getValue().equals(p.deviceProperty().get().toString());
        p.engineProperty().set(EngineChoice.parse(engine.getValue()));
        p.deviceProperty().set(DeviceChoice.parse(device.getValue()));
        if (engineChanged) {
            vm.engineChanged();
        } else if (gtChanged) {
            vm.groundTruth().setFolder(gtDir.isEmpty() ? null : Path.of(gtDir));
        }
        if (engineChanged && gtChanged) {
            p.groundTruthFolderProperty().set(gtDir.isEmpty() ? null : Path.of(gtDir));
        }
        vm.savePreferences();
    }

    static String validate(String pixel, String gtFolder) {
        String px = pixel.trim();
        if (!px.isEmpty()) {
            try {
                double v = Double.parseDouble(px);
                if (!(v > 0) || v > 10) {
                    return "Pixel size must be a positive number of millimetres (dermoscopy: about 0.005-0.05).";
                }
            } catch (NumberFormatException e) {
                return "Pixel size \"" + px + "\" is not a number; use a point for decimals, e.g. 0.0065.";
            }
        }
        String g = gtFolder.trim();
        if (!g.isEmpty() && !Files.isDirectory(Path.of(g))) {
            return "Ground-truth folder " + g + " does not exist.";
        }
        return null;
    }
}
