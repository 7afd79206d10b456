package org.dermaseg.app.gui;

import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.stage.Stage;

import org.dermaseg.app.gui.compare.CompareModelsWindow;
import org.dermaseg.inference.model.ModelEntry;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;

/**
 * The Model menu: one radio item per model found (the choice is remembered in the preferences), unusable
 * models shown disabled with the reason, the status of every model, and the compare view.
 */
public final class ModelMenu {
    static final int REASON_CHARS = 90;

    private final Stage owner;
    private final MainViewModel vm;
    private final Menu menu = new Menu("Model");

    public ModelMenu(Stage owner, MainViewModel vm) {
        this.owner = owner;
        this.vm = vm;
        menu.setId("model-menu");
        menu.setOnShowing(e -> rebuild());
        rebuild();
    }

    public Menu menu() {
        return menu;
    }

    /**
     * Selects the model to start with: {@code requested} (the command line's) or else the one remembered,
     * when it is usable; otherwise the default, with a warning saying why. No registry (tests): no change.
     */
    public static void restoreChoice(MainViewModel vm, String requested) {
        String wanted = requested != null ? requested : vm.preferences().modelId;
        if (wanted == null) {
            return;
        }
        ModelRegistry registry;
        try {
            registry = vm.segmenters().registry();
        } catch (ModelException e) {
            return; // reported when an image is opened
        }
        ModelEntry entry = registry.find(wanted);
        if (entry != null && entry.usable()) {
            vm.segmenters().selectModel(wanted);
            return;
        }
        vm.report(Problem.warning("Model " + wanted + " cannot be used",
                entry == null ? "No model card with id \"" + wanted + "\" was found." : entry.problem(),
                "The default model (" + registry.defaultId() + ") is used; choose another in the Model menu."));
    }

    /** The selected model: the service's choice, else the default. */
    private static String selected(MainViewModel vm, ModelRegistry registry) {
        String id = vm.segmenters().selectedModel();
        return id != null ? id : registry.defaultId();
    }

    private void rebuild() {
        menu.getItems().clear();
        ModelRegistry registry;
        try {
            registry = vm.segmenters().registry();
        } catch (ModelException e) {
            MenuItem none = new MenuItem("No models: " + shorten(e.getMessage()));
            none.setDisable(true);
            menu.getItems().add(none);
            return;
        }
        ToggleGroup group = new ToggleGroup();
        String current = selected(vm, registry);
        for (ModelEntry m : registry.models()) {
            RadioMenuItem item = new RadioMenuItem(label(m));
            item.setId("model-" + m.id());
            item.setToggleGroup(group);
            item.setSelected(m.id().equals(current));
            item.setDisable(!m.usable());
            item.setOnAction(e -> choose(m.id()));
            menu.getItems().add(item);
        }
        MenuItem status = new MenuItem("Model Status…");
        status.setOnAction(e -> showStatus(registry));
        MenuItem compare = new MenuItem("Compare Models…");
        compare.setId("compare-models");
        compare.setDisable(registry.usable().size() < 2);
        compare.setOnAction(e -> CompareModelsWindow.open(owner, vm));
        menu.getItems().addAll(new SeparatorMenuItem(), status, compare);
    }

    /** "Name 1.0.0 (id) — default", and for an unusable model the start of the reason. */
    static String label(ModelEntry m) {
        String text = m.displayName() + (m.artifacts() != null ? " (" + m.id() + ")" : "")
                + (m.isDefault() ? " — default" : "");
        if (!m.usable()) {
            // the folder is in Model Status; the menu names the file only, so the reason itself fits
            String folder = m.cardFile().getParent() + java.io.File.separator;
            return text + " — unusable: " + shorten(m.problem().replace(folder, ""));
        }
        return m.fileWarnings().isEmpty() ? text : text + " — " + m.fileWarnings().size() + " damaged file(s)";
    }

    private void choose(String id) {
        if (id.equals(vm.segmenters().selectedModel())) {
            return;
        }
        vm.segmenters().selectModel(id);
        vm.preferences().modelId = id;
        vm.engineChanged(); // saves the preferences and segments the current image again
    }

    private void showStatus(ModelRegistry registry) {
        StringBuilder sb = new StringBuilder();
        for (ModelEntry m : registry.models()) {
            sb.append(m.id()).append(m.isDefault() ? " (default)" : "").append(": ")
                    .append(m.usable() ? "usable" : "UNUSABLE").append('\n');
            sb.append("  card: ").append(m.cardFile()).append('\n');
            m.files().forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
            if (!m.usable()) {
                sb.append("  why: ").append(m.problem()).append('\n');
            }
        }
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setTitle("Model status");
        a.setHeaderText(registry.usable().size() + " of " + registry.models().size() + " model(s) usable");
        TextArea text = new TextArea(sb.toString());
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefColumnCount(90);
        text.setPrefRowCount(Math.min(24, 4 + 5 * registry.models().size()));
        a.getDialogPane().setContent(text);
        a.show();
    }

    static String shorten(String s) {
        String one = s == null ? "unknown" : s.replace('\n', ' ');
        return one.length() <= REASON_CHARS ? one : one.substring(0, REASON_CHARS - 1) + "…";
    }
}
