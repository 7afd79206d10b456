package org.dermaseg.app.gui;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;

/**
 * Every command of the main window with its menu, its keys and its one-line help, stated once. The menu
 * bar, the scene's extra keys, the Help > Keyboard Shortcuts table (F1) and the key table in the user guide
 * (checked by {@code ShortcutTableTest}) are all built from it, so they cannot disagree.
 *
 * <p>Adding a command is one line: {@code actions.add("Model", "Reload Model", "Shortcut+Shift+M",
 * "reload the model", vm::reload);} A menu path {@code "File>Export"} is a submenu; menus appear in the
 * order first named, Help always last. Keys use JavaFX's {@link KeyCombination} syntax ({@code Shortcut}
 * is Ctrl, or Cmd on a Mac); null for none.
 */
public final class ActionRegistry {
    /** One row of the shortcut table. */
    public record Shortcut(String keys, String help) {
    }

    /** A registered command; the chained calls refine how its menu item behaves. */
    public static final class Action {
        private final String menu;
        private final String text;
        private final String keys;
        private final String help;
        private final Runnable run;
        private ObservableBooleanValue disabledWhen;
        private boolean visible = true;
        private String id;
        private Radio<?> radio;

        private Action(String menu, String text, String keys, String help, Runnable run) {
            this.menu = menu;
            this.text = text;
            this.keys = keys;
            this.help = help;
            this.run = run;
        }

        /** Greyed out while {@code condition} holds. */
        public Action disabledWhen(ObservableBooleanValue condition) {
            disabledWhen = condition;
            return this;
        }

        /** A second key for a command listed already: works, has no menu item of its own. */
        public Action hidden() {
            visible = false;
            return this;
        }

        public Action id(String nodeId) {
            id = nodeId;
            return this;
        }

        /** A radio item of {@code group}, selected while {@code property} holds {@code value}. */
        public <T> Action radio(String group, ObjectProperty<T> property, T value) {
            radio = new Radio<>(group, property, value);
            return this;
        }

        public String text() {
            return text;
        }

        public String keys() {
            return keys;
        }

        public String help() {
            return help;
        }
    }

    private record Radio<T>(String group, ObjectProperty<T> property, T value) {
        RadioMenuItem item(String text, ToggleGroup toggles) {
            RadioMenuItem m = new RadioMenuItem(text);
            m.setToggleGroup(toggles);
            m.setSelected(property.get() == value);
            m.setOnAction(e -> property.set(value));
            property.addListener((o, a, b) -> m.setSelected(b == value));
            return m;
        }
    }

    /** What a menu holds, in order: actions, separators, custom items. */
    private final Map<String, List<Object>> menus = new LinkedHashMap<>();
    private final Map<String, ObservableBooleanValue> menuDisabled = new LinkedHashMap<>();
    private final Map<String, String> menuIds = new LinkedHashMap<>();
    private final List<Action> keysOnly = new ArrayList<>();
    private final List<Shortcut> notes = new ArrayList<>();

    /** A menu command. */
    public Action add(String menu, String text, String keys, String help, Runnable run) {
        Action a = new Action(menu, text, keys, help, run);
        entries(menu).add(a);
        return a;
    }

    /** Keys without a menu item (plain + and - zoom, F fits); listed in the table when {@code help} is set. */
    public Action key(String keys, String help, Runnable run) {
        Action a = new Action(null, null, keys, help, run);
        keysOnly.add(a);
        return a;
    }

    /** A row of the table only: mouse gestures. */
    public void note(String keys, String help) {
        notes.add(new Shortcut(keys, help));
    }

    public void separator(String menu) {
        entries(menu).add(new SeparatorMenuItem());
    }

    /** An item built by the caller (a list filled when shown, an item enabled by what is installed). */
    public void custom(String menu, Supplier<MenuItem> item) {
        entries(menu).add(item);
    }

    /**
     * Items worked out again each time {@code menu} is shown, in this place of it (the Model menu's list of
     * models: a model folder can change while the window is open).
     */
    public void dynamic(String menu, Supplier<List<MenuItem>> items) {
        entries(menu).add(new Dynamic(items));
    }

    /** A node id for a whole menu or submenu (tests and style sheets find it by it). */
    public void menuId(String menu, String id) {
        entries(menu);
        menuIds.put(menu, id);
    }

    /** Greys out a whole menu or submenu while {@code condition} holds. */
    public void menuDisabledWhen(String menu, ObservableBooleanValue condition) {
        entries(menu);
        menuDisabled.put(menu, condition);
    }

    private List<Object> entries(String menu) {
        int cut = menu.lastIndexOf('>');
        if (cut > 0 && !menus.containsKey(menu)) {
            entries(menu.substring(0, cut)).add(new SubMenu(menu));
        }
        return menus.computeIfAbsent(menu, k -> new ArrayList<>());
    }

    private record SubMenu(String path) {
    }

    private record Dynamic(Supplier<List<MenuItem>> items) {
    }

    /** The menu bar: menus in the order first named, Help last. */
    public MenuBar menuBar() {
        Map<String, ToggleGroup> groups = new LinkedHashMap<>();
        List<Menu> top = new ArrayList<>();
        Menu help = null;
        for (String path : menus.keySet()) {
            if (!path.contains(">")) {
                Menu m = build(path, groups);
                if (path.equals("Help")) {
                    help = m;
                } else {
                    top.add(m);
                }
            }
        }
        if (help != null) {
            top.add(help);
        }
        MenuBar bar = new MenuBar(top.toArray(Menu[]::new));
        bar.setId("menu-bar");
        return bar;
    }

    @SuppressWarnings("unchecked")
    private Menu build(String path, Map<String, ToggleGroup> groups) {
        Menu menu = new Menu(path.substring(path.lastIndexOf('>') + 1));
        menu.setId(menuIds.get(path));
        Map<Dynamic, List<MenuItem>> shown = new IdentityHashMap<>();
        for (Object o : menus.get(path)) {
            if (o instanceof Action a) {
                MenuItem m = a.radio != null ? a.radio.item(a.text, groups.computeIfAbsent(a.radio.group(),
                        g -> new ToggleGroup())) : new MenuItem(a.text);
                if (a.radio == null) {
                    m.setOnAction(e -> a.run.run());
                }
                if (a.keys != null) {
                    m.setAccelerator(KeyCombination.keyCombination(a.keys));
                }
                if (a.disabledWhen != null) {
                    m.disableProperty().bind(a.disabledWhen);
                }
                m.setVisible(a.visible);
                m.setId(a.id);
                menu.getItems().add(m);
            } else if (o instanceof SubMenu s) {
                menu.getItems().add(build(s.path(), groups));
            } else if (o instanceof Supplier<?> s) {
                menu.getItems().add(((Supplier<MenuItem>) s).get());
            } else if (o instanceof Dynamic d) {
                List<MenuItem> items = d.items().get();
                shown.put(d, items);
                menu.getItems().addAll(items);
            } else {
                menu.getItems().add(new SeparatorMenuItem());
            }
        }
        ObservableBooleanValue off = menuDisabled.get(path);
        if (off != null) {
            menu.disableProperty().bind(off);
        }
        if (!shown.isEmpty()) {
            menu.setOnShowing(e -> refresh(menu, menus.get(path), shown));
        }
        return menu;
    }

    /** Replaces each dynamic part of {@code menu} by its items of now; every other entry is one item. */
    private static void refresh(Menu menu, List<Object> entries, Map<Dynamic, List<MenuItem>> shown) {
        int at = 0;
        for (Object o : entries) {
            if (o instanceof Dynamic d) {
                List<MenuItem> old = shown.get(d);
                menu.getItems().remove(at, at + old.size());
                List<MenuItem> now = d.items().get();
                menu.getItems().addAll(at, now);
                shown.put(d, now);
                at += now.size();
            } else {
                at++;
            }
        }
    }

    /** Registers the keys that have no menu item with {@code scene}. */
    public void installKeys(Scene scene) {
        for (Action a : keysOnly) {
            scene.getAccelerators().put(KeyCombination.keyCombination(a.keys), a.run);
        }
    }

    /** The Keyboard Shortcuts table: every command with keys and help, then the key-only ones and notes. */
    public List<Shortcut> shortcuts() {
        List<Shortcut> out = new ArrayList<>();
        for (String path : menus.keySet()) {
            for (Object o : menus.get(path)) {
                if (o instanceof Action a && a.keys != null && a.help != null) {
                    out.add(new Shortcut(displayKeys(a.keys), a.help));
                }
            }
        }
        for (Action a : keysOnly) {
            if (a.help != null) {
                out.add(new Shortcut(displayKeys(a.keys), a.help));
            }
        }
        out.addAll(notes);
        return out;
    }

    /** The keys of every command listed in {@link #shortcuts()}, as JavaFX compares them. */
    public List<KeyCombination> listedKeys() {
        List<KeyCombination> out = new ArrayList<>();
        for (List<Object> entries : menus.values()) {
            for (Object o : entries) {
                if (o instanceof Action a && a.keys != null && a.help != null) {
                    out.add(KeyCombination.keyCombination(a.keys));
                }
            }
        }
        return out;
    }

    /** The table as Markdown, as the user guide holds it. */
    public String markdownTable() {
        StringBuilder sb = new StringBuilder("| Keys | Action |\n|---|---|\n");
        for (Shortcut s : shortcuts()) {
            sb.append("| `").append(s.keys().replace("|", "\\|")).append("` | ").append(s.help()).append(" |\n");
        }
        return sb.toString();
    }

    /** {@code Shortcut+Shift+Z} as people write it: {@code Ctrl+Shift+Z} ({@code Cmd} on a Mac is implied). */
    static String displayKeys(String keys) {
        List<String> parts = new ArrayList<>();
        for (String p : keys.split("\\+")) {
            parts.add(switch (p.trim().toLowerCase(Locale.ROOT)) {
                case "shortcut", "ctrl" -> "Ctrl";
                case "comma" -> ",";
                case "period" -> ".";
                case "equals" -> "=";
                case "minus", "subtract" -> "-";
                case "plus", "add" -> "+";
                case "open_bracket" -> "[";
                case "close_bracket" -> "]";
                default -> p.trim();
            });
        }
        return String.join("+", parts);
    }
}
