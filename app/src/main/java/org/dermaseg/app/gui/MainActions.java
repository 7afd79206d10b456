package org.dermaseg.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

import org.dermaseg.app.SampleData;
import org.dermaseg.inference.render.ViewMode;

import static org.dermaseg.app.gui.EditingViewModel.Tool;
import static org.dermaseg.app.gui.ExportViewModel.ExportKind;

/**
 * The main window's commands, one line each, in menu order (see {@link ActionRegistry} for the syntax and
 * how to add one). Handlers call the view-models, the viewer, or {@link WindowDialogs} for anything that
 * asks the user first.
 */
final class MainActions {
    private MainActions() {
    }

    static ActionRegistry of(MainViewModel vm, ImageViewer viewer, WindowDialogs dialogs) {
        ActionRegistry a = new ActionRegistry();
        NavigationViewModel nav = vm.navigation();
        ReviewViewModel review = vm.review();
        EditingViewModel edit = vm.editing();

        a.add("File", "Open Image…", "Shortcut+O", "open an image", dialogs::pickImage);
        a.add("File", "Open Folder…", "Shortcut+Shift+O", "open a folder of images", dialogs::pickFolder);
        a.custom("File", () -> recentMenu(vm));
        a.custom("File", () -> sampleImagesItem(nav));
        a.separator("File");
        a.add("File", "Load Ground Truth…", "Shortcut+G", "load the ground-truth mask", dialogs::pickGroundTruth);
        a.add("File", "Ground-Truth Folder…", null, null, dialogs::pickGroundTruthFolder);
        a.separator("File");
        a.add("File>Export", "Mask PNG…", "Shortcut+S", "export the mask", () -> dialogs.exportOne(ExportKind.MASK));
        a.add("File>Export", "Overlay PNG…", null, null, () -> dialogs.exportOne(ExportKind.OVERLAY));
        a.add("File>Export", "Contour GeoJSON (QuPath)…", null, null, () -> dialogs.exportOne(ExportKind.GEOJSON));
        a.add("File>Export", "Metrics CSV…", null, null, () -> dialogs.exportOne(ExportKind.METRICS_CSV));
        a.add("File>Export", "Metrics JSON…", null, null, () -> dialogs.exportOne(ExportKind.METRICS_JSON));
        a.separator("File>Export");
        a.add("File>Export", "All to Folder…", "Shortcut+E", "export everything to a folder", dialogs::exportAll);
        a.menuDisabledWhen("File>Export", vm.sessionProperty().isNull());
        a.separator("File");
        a.add("File", "Batch…", "Shortcut+B", "segment a folder (batch)", dialogs::batch);
        a.add("File", "Report…", null, null, dialogs::report);
        a.separator("File");
        a.add("File", "Quit", "Shortcut+Q", "quit", dialogs::quit);

        a.add("Edit", "Undo", "Shortcut+Z", "undo", edit::undo).disabledWhen(edit.canUndoProperty().not());
        a.add("Edit", "Redo", "Shortcut+Shift+Z", "redo", edit::redo).disabledWhen(edit.canRedoProperty().not());
        a.add("Edit", "Redo (alternative)", "Shortcut+Y", "redo", edit::redo).hidden();
        a.add("Edit", "Reset to Model Output", "Shortcut+R", "reset the mask to the model's", edit::resetToModel);
        a.separator("Edit");
        a.add("Edit", "Pan Tool", "V", "pan tool", null).radio("tool", edit.toolProperty(), Tool.VIEW);
        a.add("Edit", "Brush", "B", "brush (adds to the mask)", null).radio("tool", edit.toolProperty(), Tool.BRUSH);
        a.add("Edit", "Eraser", "E", "eraser", null).radio("tool", edit.toolProperty(), Tool.ERASER);
        a.add("Edit", "Larger Brush", "]", "larger brush", () -> edit.scaleBrush(1));
        a.add("Edit", "Smaller Brush", "[", "smaller brush", () -> edit.scaleBrush(-1));
        a.separator("Edit");
        a.add("Edit", "Preferences…", "Shortcut+Comma", "preferences", dialogs::preferences);

        a.add("View", "Zoom In", "Shortcut+Equals", "zoom in (also + and the wheel)", viewer::zoomIn);
        a.add("View", "Zoom Out", "Shortcut+Minus", "zoom out (also -)", viewer::zoomOut);
        a.add("View", "Fit to Window", "Shortcut+0", "fit to the window (also F)", viewer::fit);
        a.add("View", "Actual Size (1:1)", "Shortcut+1", "actual size (1:1)", viewer::actualSize);
        a.separator("View");
        a.add("View", "Mask", "M", "view: mask", null).radio("mode", review.viewModeProperty(), ViewMode.MASK);
        a.add("View", "Compare with Ground Truth", "C", "view: compare with the ground truth", null)
                .radio("mode", review.viewModeProperty(), ViewMode.COMPARE);
        a.add("View", "Probability Heat-map", "H", "view: probability heat-map", null)
                .radio("mode", review.viewModeProperty(), ViewMode.PROBABILITY);
        a.add("View", "Original", "O", "view: the image alone", null)
                .radio("mode", review.viewModeProperty(), ViewMode.ORIGINAL);
        a.add("View", "Toggle Outline", "T", "outline on/off", review::toggleContour);
        a.add("View", "Toggle Clean-up (largest region, holes filled)", "K",
                "clean-up (largest region, holes filled) on/off", review::toggleCleanUp);
        a.add("View", "Toggle Flip TTA (mean of 4 flips)", "A", "flip test-time augmentation on/off", vm::toggleTta);
        a.add("View", "Lower Threshold", "Comma", "threshold -" + GuiLimits.THRESHOLD_STEP,
                () -> review.nudgeThreshold(-1));
        a.add("View", "Raise Threshold", "Period", "threshold +" + GuiLimits.THRESHOLD_STEP,
                () -> review.nudgeThreshold(1));
        a.separator("View");
        a.add("View", "Next Image", "Page Down", "next image", nav::next);
        a.add("View", "Previous Image", "Page Up", "previous image", nav::previous);

        ModelMenu models = new ModelMenu(dialogs.owner(), vm);
        a.menuId("Model", "model-menu");
        a.dynamic("Model", models::modelItems);
        a.separator("Model");
        a.add("Model", "Model Status…", null, null, models::showStatus).id("menu-model-status");
        a.add("Model", "Compare Models…", null, null, models::compare).id("compare-models")
                .disabledWhen(models.fewerThanTwoUsableProperty());

        a.add("Help", "Keyboard Shortcuts", "F1", "list the keyboard shortcuts", dialogs::shortcuts);
        a.add("Help", "About DermaSeg", null, null, dialogs::about);

        // plain +/- zoom too, without the modifier; F fits
        for (String k : new String[] {"Plus", "Add", "Equals"}) {
            a.key(k, null, viewer::zoomIn);
        }
        a.key("Minus", null, viewer::zoomOut);
        a.key("Subtract", null, viewer::zoomOut);
        a.key("F", null, viewer::fit);
        a.note("right- or Shift-drag", "pan (a plain drag with the Pan tool)");
        return a;
    }

    /** File > Open Recent, filled each time it is shown. */
    private static Menu recentMenu(MainViewModel vm) {
        Menu recent = new Menu("Open Recent");
        recent.setId("menu-recent");
        recent.setOnShowing(e -> fillRecent(recent, vm));
        fillRecent(recent, vm);
        return recent;
    }

    private static void fillRecent(Menu recent, MainViewModel vm) {
        recent.getItems().clear();
        var files = vm.settings().recentFiles();
        if (files.isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            recent.getItems().add(none);
            return;
        }
        for (Path p : files) {
            MenuItem m = new MenuItem(p.toString());
            m.setMnemonicParsing(false);
            m.setOnAction(e -> {
                if (Files.exists(p)) {
                    vm.navigation().open(p);
                } else {
                    vm.report(Problem.error("Could not open " + p.getFileName(), p + " no longer exists",
                            "It was moved or deleted; open it from its new place with File > Open."));
                    vm.settings().recentFiles().remove(p);
                }
            });
            recent.getItems().add(m);
        }
        recent.getItems().add(new SeparatorMenuItem());
        MenuItem clear = new MenuItem("Clear List");
        clear.setOnAction(e -> vm.settings().recentFiles().clear());
        recent.getItems().add(clear);
    }

    /** File > Open Sample Images: the ten bundled PH2 images with their expert masks (disabled without them). */
    private static MenuItem sampleImagesItem(NavigationViewModel nav) {
        Optional<Path> samples = SampleData.find();
        MenuItem item = new MenuItem("Open Sample Images");
        item.setOnAction(e -> samples.ifPresent(p -> nav.openFolder(p.resolve("images"))));
        item.setId("menu-open-samples");
        item.setDisable(samples.isEmpty());
        return item;
    }
}
