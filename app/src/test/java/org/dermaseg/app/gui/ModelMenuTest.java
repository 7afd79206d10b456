package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.dermaseg.app.gui.compare.CompareModelsWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Model menu and the compare view on a model folder written here: the shipped model, a copy of its card
 * with a higher threshold ("strict", same weights: different masks) and a card naming an unknown architecture.
 */
@ExtendWith(ApplicationExtension.class)
class ModelMenuTest {
    static {
        GuiTestSupport.init();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path folder;
    private static String defaultId;

    @TempDir
    Path config;
    private MainWindow window;
    private SegmenterService service;
    private PreferencesStore store;
    private Stage stage;

    @BeforeAll
    static void modelFolder(@TempDir Path tmp) throws Exception {
        folder = Files.createDirectories(tmp.resolve("model"));
        Path shipped = GuiTestSupport.root().resolve("model");
        ObjectNode card = null;
        try (var s = Files.list(shipped)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".card.json")).toList()) {
                card = (ObjectNode) JSON.readTree(p.toFile());
                if (card.path("default").asBoolean()) {
                    break;
                }
            }
        }
        defaultId = card.get("id").asText();
        Files.writeString(folder.resolve(defaultId + ".card.json"), card.toString());
        for (String kind : List.of("onnx", "safetensors")) {
            String f = card.at("/artifacts/" + kind + "/file").asText();
            Files.copy(shipped.resolve(f), folder.resolve(f));
        }
        write(card, "strict", c -> c.put("threshold", 0.9));
        write(card, "alien", c -> ((ObjectNode) c.get("architecture")).put("type", "alien-net"));
    }

    private static void write(ObjectNode card, String id, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode c = card.deepCopy();
        c.put("id", id);
        c.put("default", false);
        edit.accept(c);
        Files.writeString(folder.resolve(id + ".card.json"), c.toString());
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        store = new PreferencesStore(config);
        service = SegmenterService.forModel(folder);
        window = new MainWindow(stage, new GuiContext(store, service, p -> { }, null));
        stage.show();
    }

    @AfterEach
    void close() {
        onFx(() -> {
            window.dispose();
            return null;
        });
        service.close();
    }

    private Menu modelMenu() {
        MenuBar bar = (MenuBar) stage.getScene().lookup(".menu-bar");
        return bar.getMenus().stream().filter(m -> "model-menu".equals(m.getId())).findFirst().orElseThrow();
    }

    private static MenuItem item(Menu menu, String id) {
        return menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    @Test
    void unusableModelsAreDisabledWithTheReasonAndTheChoiceIsRemembered() throws Exception {
        List<String> texts = onFx(() -> {
            Menu m = modelMenu();
            List<String> out = new ArrayList<>();
            out.add(Boolean.toString(item(m, "model-alien").isDisable()));
            out.add(item(m, "model-alien").getText());
            out.add(Boolean.toString(item(m, "model-strict").isDisable()));
            out.add(Boolean.toString(((javafx.scene.control.RadioMenuItem) item(m, "model-" + defaultId)).isSelected()));
            return out;
        });
        assertEquals("true", texts.get(0));
        assertTrue(texts.get(1).contains("unusable") && texts.get(1).contains("alien.card.json")
                && texts.get(1).contains("alien-net"), texts.get(1));
        assertEquals("false", texts.get(2));
        assertEquals("true", texts.get(3), "the default model is selected at first");

        onFx(() -> {
            item(modelMenu(), "model-strict").fire();
            return null;
        });
        assertEquals("strict", service.selectedModel());
        assertEquals("strict", store.load().modelId, "saved in the preferences");
    }

    @Test
    void aRememberedModelThatBecameUnusableFallsBackToTheDefaultWithAWarning() {
        List<Problem> seen = new ArrayList<>();
        onFx(() -> {
            window.viewModel().onProblem(seen::add);
            ModelMenu.restoreChoice(window.viewModel(), "alien");
            return null;
        });
        assertNull(service.selectedModel());
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).reason().contains("alien.card.json"), seen.get(0).toString());
        onFx(() -> {
            ModelMenu.restoreChoice(window.viewModel(), "strict");
            return null;
        });
        assertEquals("strict", service.selectedModel());
    }

    @Test
    void compareViewShowsBothModelsMetricsAndWhereTheyDisagree() {
        Path image = GuiTestSupport.root().resolve("assets/samples/images/IMD002.png");
        onFx(() -> {
            window.viewModel().navigation().open(image);
            return null;
        });
        GuiTestSupport.waitIdle(window, 60);
        boolean hasGt = onFx(() -> window.viewModel().session().groundTruth() != null);
        CompareModelsWindow cw = onFx(() -> CompareModelsWindow.open(stage, window.viewModel()));
        GuiTestSupport.waitUntil("the comparison", 90, () -> text(cw, "#compare-status").contains("disagree on"));
        String status = onFx(() -> text(cw, "#compare-status"));
        long pixels = Long.parseLong(status.replaceAll(".*disagree on (\\d+) pixels.*", "$1"));
        assertTrue(pixels > 0, "threshold 0.5 and 0.9 give different masks: " + status);
        String firstModel = onFx(() -> text(cw, "#compare-cell-1-0"));
        String secondModel = onFx(() -> text(cw, "#compare-cell-2-0"));
        assertTrue(firstModel.contains("(" + defaultId + ")") && secondModel.contains("(strict)"),
                firstModel + " / " + secondModel);
        String dice = onFx(() -> text(cw, "#compare-cell-1-4"));
        assertEquals(hasGt, !dice.equals("-"), "Dice shown exactly when the viewer has ground truth: " + dice);
        String area1 = onFx(() -> text(cw, "#compare-cell-1-2"));
        String area2 = onFx(() -> text(cw, "#compare-cell-2-2"));
        assertTrue(Long.parseLong(area2) < Long.parseLong(area1), "the stricter threshold marks less: " + area1
                + " vs " + area2);
        onFx(() -> {
            cw.stage().close();
            return null;
        });
        assertFalse(cw.stage().isShowing());
    }

    private static String text(CompareModelsWindow w, String selector) {
        javafx.scene.Node n = w.stage().getScene().lookup(selector);
        return n instanceof Label l ? l.getText() : "";
    }
}
