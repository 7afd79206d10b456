package org.dermaseg.app.gui;

import static org.dermaseg.app.gui.GuiTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.dermaseg.testsupport.FakeEngine;

/**
 * The menus, the F1 table and the user guide's key table come from one {@link ActionRegistry}: no key is
 * bound twice, and the guide's table (between the markers) is the registry's, word for word.
 */
@ExtendWith(ApplicationExtension.class)
class ShortcutTableTest {
    static {
        GuiTestSupport.init();
    }

    static final String BEGIN = "<!-- shortcuts:begin (generated from ActionRegistry; ShortcutTableTest checks it) -->";
    static final String END = "<!-- shortcuts:end -->";

    @TempDir
    Path tmp;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private MainWindow window() throws Exception {
        SegmenterService service = GuiTestSupport.fakeService(tmp.resolve("fake-model"), new FakeEngine(0, false));
        Path config = Files.createDirectories(tmp.resolve("config"));
        return onFx(() -> new MainWindow(stage, new GuiContext(new PreferencesStore(config), service, p -> { }, null)));
    }

    @Test
    void everyAcceleratorIsBoundOnceAndListedInTheTable() throws Exception {
        MainWindow w = window();
        try {
            List<KeyCombination> keys = onFx(() -> {
                List<KeyCombination> out = new ArrayList<>();
                collect(((MenuBar) w.stage().getScene().lookup("#menu-bar")).getMenus(), out);
                return out;
            });
            Set<KeyCombination> seen = new HashSet<>();
            for (KeyCombination k : keys) {
                assertTrue(seen.add(k), "bound twice: " + k);
            }
            List<KeyCombination> listed = w.actions().listedKeys();
            for (KeyCombination k : keys) {
                assertTrue(listed.contains(k), k + " is in a menu but not in the shortcut table");
            }
            assertTrue(keys.size() >= 30, "the menus hold the commands: " + keys);
            assertEquals("Help", onFx(() -> ((MenuBar) w.stage().getScene().lookup("#menu-bar")).getMenus()
                    .get(((MenuBar) w.stage().getScene().lookup("#menu-bar")).getMenus().size() - 1).getText()));
        } finally {
            onFx(() -> {
                w.dispose();
                return null;
            });
        }
    }

    @Test
    void theUserGuidesKeyTableIsTheRegistrysTable() throws Exception {
        MainWindow w = window();
        try {
            String expected = w.actions().markdownTable();
            int checked = 0;
            for (Path doc : List.of(GuiTestSupport.ROOT.resolve("docs/user-guide.md"),
                    GuiTestSupport.ROOT.resolve("README.md"))) {
                String text = Files.readString(doc);
                int b = text.indexOf(BEGIN);
                if (b < 0) {
                    continue; // the README may link to the guide instead of holding the table
                }
                int e = text.indexOf(END, b);
                assertTrue(e > b, doc + ": " + END + " missing");
                assertEquals(expected, text.substring(b + BEGIN.length(), e).strip() + "\n",
                        doc + ": the key table differs from the registry; paste this between the markers:\n" + expected);
                checked++;
            }
            assertTrue(checked >= 1, "docs/user-guide.md holds the key table between " + BEGIN + " and " + END);
        } finally {
            onFx(() -> {
                w.dispose();
                return null;
            });
        }
    }

    private static void collect(List<? extends MenuItem> items, List<KeyCombination> out) {
        for (MenuItem m : items) {
            if (m.getAccelerator() != null) {
                out.add(m.getAccelerator());
            }
            if (m instanceof Menu sub) {
                collect(sub.getItems(), out);
            }
        }
    }

    /** The Model menu's list of models is such a part: a model folder can change while the window is open. */
    @Test
    void dynamicItemsAreWorkedOutAgainInTheirPlaceEachTimeTheMenuOpens() {
        List<String> names = new ArrayList<>(List.of("a"));
        ActionRegistry r = new ActionRegistry();
        r.menuId("Model", "model-menu");
        r.add("Model", "First", null, null, () -> { });
        r.dynamic("Model", () -> names.stream().map(MenuItem::new).toList());
        r.separator("Model");
        r.add("Model", "Last", null, null, () -> { });
        List<String> seen = onFx(() -> {
            Menu m = r.menuBar().getMenus().get(0);
            List<String> out = new ArrayList<>(List.of(m.getId(), texts(m)));
            names.add("b");
            m.getOnShowing().handle(new javafx.event.Event(Menu.ON_SHOWING));
            out.add(texts(m));
            names.clear();
            m.getOnShowing().handle(new javafx.event.Event(Menu.ON_SHOWING));
            out.add(texts(m));
            return out;
        });
        assertEquals(List.of("model-menu", "First,a,-,Last", "First,a,b,-,Last", "First,-,Last"), seen);
    }

    private static String texts(Menu m) {
        return String.join(",", m.getItems().stream()
                .map(i -> i instanceof javafx.scene.control.SeparatorMenuItem ? "-" : i.getText()).toList());
    }
}
