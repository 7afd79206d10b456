package org.dermaseg.app.gui;

import java.util.List;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Where the main window opens: its remembered size and place, moved and shrunk until it lies inside the
 * visible area of a screen (the screen less task bars and docks), so no menu or panel starts cut off, on a
 * 1280x800 laptop as on a screen that was unplugged since. Remembers the window's bounds as it moves.
 */
public final class WindowPlacement {
    /** A window's outer bounds; x and y null when never placed (centred then). */
    public record Bounds(Double x, Double y, double width, double height, boolean maximized) {
    }

    private WindowPlacement() {
    }

    /**
     * The bounds to open at: on the screen showing most of the remembered bounds (else the first screen,
     * the primary), no larger than its visible area and wholly inside it.
     *
     * @param screens the screens' visible areas, primary first
     */
    public static Bounds fit(Bounds saved, List<Rectangle2D> screens) {
        Rectangle2D area = screens.get(0);
        if (saved.x() != null && saved.y() != null) {
            double best = 0;
            for (Rectangle2D s : screens) {
                double overlap = overlap(s, saved);
                if (overlap > best) {
                    best = overlap;
                    area = s;
                }
            }
        }
        double w = Math.min(Math.max(GuiLimits.WINDOW_MIN_WIDTH, saved.width()), area.getWidth());
        double h = Math.min(Math.max(GuiLimits.WINDOW_MIN_HEIGHT, saved.height()), area.getHeight());
        double x = saved.x() == null ? area.getMinX() + (area.getWidth() - w) / 2 : saved.x();
        double y = saved.y() == null ? area.getMinY() + (area.getHeight() - h) / 2 : saved.y();
        x = Math.max(area.getMinX(), Math.min(x, area.getMaxX() - w));
        y = Math.max(area.getMinY(), Math.min(y, area.getMaxY() - h));
        return new Bounds(x, y, w, h, saved.maximized());
    }

    /** Places {@code stage} by {@link #fit} on this machine's screens and keeps {@code settings} up to date. */
    static void apply(Stage stage, Settings settings) {
        List<Rectangle2D> screens = new java.util.ArrayList<>();
        screens.add(Screen.getPrimary().getVisualBounds());
        Screen.getScreens().stream().filter(s -> !s.equals(Screen.getPrimary()))
                .forEach(s -> screens.add(s.getVisualBounds()));
        Bounds b = fit(settings.windowProperty().get(), screens);
        stage.setX(b.x());
        stage.setY(b.y());
        stage.setWidth(b.width());
        stage.setHeight(b.height());
        stage.setMaximized(b.maximized());
        Runnable remember = () -> {
            if (!stage.isIconified()) {
                Bounds old = settings.windowProperty().get();
                // a maximised window keeps the size it returns to
                settings.windowProperty().set(stage.isMaximized()
                        ? new Bounds(old.x(), old.y(), old.width(), old.height(), true)
                        : new Bounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false));
            }
        };
        for (javafx.beans.Observable o : List.of(stage.xProperty(), stage.yProperty(), stage.widthProperty(),
                stage.heightProperty(), stage.maximizedProperty())) {
            o.addListener(x -> {
                if (stage.isShowing()) {
                    remember.run();
                }
            });
        }
        // where the window manager put it, and where it was when closed
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> remember.run());
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDING, e -> remember.run());
    }

    private static double overlap(Rectangle2D s, Bounds b) {
        double w = Math.min(s.getMaxX(), b.x() + b.width()) - Math.max(s.getMinX(), b.x());
        double h = Math.min(s.getMaxY(), b.y() + b.height()) - Math.max(s.getMinY(), b.y());
        return w > 0 && h > 0 ? w * h : 0;
    }
}
