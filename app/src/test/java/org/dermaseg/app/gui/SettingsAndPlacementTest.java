package org.dermaseg.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.render.ViewMode;

/** Settings read from the file are held to {@link GuiLimits}; the window opens inside the screen. */
class SettingsAndPlacementTest {
    @TempDir
    Path config;

    @Test
    void valuesFromTheFileAreTypedAndHeldToTheLimits() throws Exception {
        Preferences p = new Preferences();
        p.brushSize = 400; // the old view-model allowed 400, the slider and the ] key 200
        p.threshold = 1.5;
        p.contourWidth = 0;
        p.viewMode = "nonsense";
        p.device = "cuda";
        p.color = "#12345";
        PreferencesStore store = new PreferencesStore(config);
        store.save(p);
        Settings s = new Settings(store, problem -> { });
        assertEquals(GuiLimits.BRUSH_MAX, s.brushSizeProperty().get());
        assertEquals(GuiLimits.THRESHOLD_MAX, s.thresholdProperty().get());
        assertEquals(GuiLimits.CONTOUR_WIDTH_MIN, s.contourWidthProperty().get());
        assertEquals(ViewMode.MASK, s.viewModeProperty().get());
        assertEquals(DeviceChoice.CUDA, s.deviceProperty().get());
        assertEquals(0x00E676, s.colorProperty().get(), "a colour that does not parse falls back to the default");
    }

    @Test
    void aChangeOffTheFxThreadIsSavedAtOnceAndTheCardThresholdIsNotWrittenUntilChosen() throws Exception {
        PreferencesStore store = new PreferencesStore(config);
        Settings s = new Settings(store, problem -> { });
        s.pixelSizeMmProperty().set(0.0065);
        Preferences saved = store.load();
        assertEquals(0.0065, saved.pixelSizeMm);
        assertNull(saved.threshold, "no threshold chosen: the model card's applies");
        s.chooseThreshold(0.4);
        assertEquals(0.4, store.load().threshold);
    }

    @Test
    void theBrushKeysAndThresholdKeysStopAtTheLimits() {
        assertEquals(GuiLimits.BRUSH_MAX, GuiLimits.scaleBrush(190, 1));
        assertEquals(GuiLimits.BRUSH_MIN, GuiLimits.scaleBrush(1.1, -1));
        assertEquals(0.55, GuiLimits.nudgeThreshold(0.5, 1), 1e-12);
        assertEquals(GuiLimits.THRESHOLD_MIN, GuiLimits.nudgeThreshold(0.03, -1));
        assertEquals(GuiLimits.THRESHOLD_MAX, GuiLimits.nudgeThreshold(0.97, 1));
    }

    @Test
    void theWindowFitsA1280x800ScreenEvenWhenItWasSavedLargerAndOffTheEdge() {
        Rectangle2D laptop = new Rectangle2D(0, 0, 1280, 770); // 800 less a 30-pixel panel
        WindowPlacement.Bounds saved = new WindowPlacement.Bounds(-40.0, -20.0, 1360, 860, false);
        WindowPlacement.Bounds b = WindowPlacement.fit(saved, List.of(laptop));
        assertEquals(new WindowPlacement.Bounds(0.0, 0.0, 1280, 770, false), b);

        WindowPlacement.Bounds first = WindowPlacement.fit(new WindowPlacement.Bounds(null, null,
                GuiLimits.WINDOW_DEFAULT_WIDTH, GuiLimits.WINDOW_DEFAULT_HEIGHT, false), List.of(laptop));
        assertTrue(first.x() >= 0 && first.x() + first.width() <= 1280, first.toString());
        assertTrue(first.y() >= 0 && first.y() + first.height() <= 770, first.toString());
    }

    @Test
    void aWindowLeftOnAScreenSinceUnpluggedComesBackToTheScreenThere() {
        Rectangle2D primary = new Rectangle2D(0, 0, 1920, 1050);
        Rectangle2D second = new Rectangle2D(1920, 0, 1280, 1024);
        WindowPlacement.Bounds onSecond = new WindowPlacement.Bounds(2000.0, 100.0, 1000, 700, false);
        assertEquals(onSecond, WindowPlacement.fit(onSecond, List.of(primary, second)), "kept where it was");
        WindowPlacement.Bounds back = WindowPlacement.fit(onSecond, List.of(primary));
        assertEquals(new WindowPlacement.Bounds(920.0, 100.0, 1000, 700, false), back, "moved inside the screen left");
    }
}
