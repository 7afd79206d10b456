package org.dermaseg.app.gui;

import java.util.ArrayList;
import java.util.List;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Alert;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.stage.Stage;

import org.dermaseg.app.gui.compare.CompareModelsWindow;
import org.dermaseg.inference.model.ModelEntry;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;

/**
 * What the Model menu shows and does, registered by {@link MainActions}: one radio item per model found
 * (worked out again each time the menu opens; the choice is remembered in {@link Settings#modelIdProperty()}),
 * unusable models shown disabled with the reason, the status of every model, and the compare view.
 */
final class ModelMenu {
    static final int REASON_CHARS = 90;

    private final Stage owner;
    private final MainViewModel vm;
    /** Compare Models needs two usable models; updated whenever the model list is worked out. */
    private final BooleanProperty fewerThanTwoUsable = new SimpleBooleanProperty(true);

    ModelMenu(Stage owner, MainViewModel vm) {
        this.owner = owner;
        this.vm = vm;
    }

    ObservableBooleanValue fewerThanTwoUsableProperty() {
        return fewerThanTwoUsable;
    }

    /**
     * Selects the model to start with: {@code requested} (the command line's) or else the one remembered,
     * when it is usable; otherwise the default, with a warning saying why. No registry (tests): no change.
     */
    public static void restoreChoice(MainViewModel vm, String requested) {
        String wanted = requested != null ? requested : vm.settings().modelIdProperty().get();
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

    /** The menu's model items: one radio item per model, or one disabled line saying why there are none. */
    List<MenuItem> modelItems() {
        ModelRegistry registry;
        try {
            registry = vm.segmenters().registry();
        } catch (ModelException e) {
            fewerThanTwoUsable.set(true);
            MenuItem none = new MenuItem("No models: " + shorten(e.getMessage()));
            none.setDisable(true);
            return List.of(none);
        }
        fewerThanTwoUsable.set(registry.usable().size() < 2);
        ToggleGroup group = new ToggleGroup();
        String current = selected(vm, registry);
        List<MenuItem> items = new ArrayList<>();
        for (ModelEntry m : registry.models()) {
            RadioMenuItem item = new RadioMenuItem(label(m));
            item.setId("model-" + m.id());
            item.setToggleGroup(group);
            item.setSelected(m.id().equals(current));
            item.setDisable(!m.usable());
            item.setOnAction(e -> choose(m.id()));
            items.add(item);
        }
        return items;
    }

    /** Model > Compare Models: the compare view over the viewer's image. */
    void compare() {
        CompareModelsWindow.open(owner, vm);
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
        vm.settings().modelIdProperty().set(id);
        vm.engineChanged(); // saves the settings and segments the current image again
    }

    /** Model > Model Status: every model with its card, files and, when unusable, why. */
    void showStatus() {
        ModelRegistry registry;
        try {
            registry = vm.segmenters().registry();
        } catch (ModelException e) {
            vm.report(Problem.of("Model status", e));
            return;
        }
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
