package org.dermaseg.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.dermaseg.app.cli.DermasegCommand;
import org.dermaseg.inference.batch.BatchException;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.model.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GUI's non-visual rules: when the jar opens the GUI, problem wording, validation, file naming. */
class GuiUnitsTest {
    @TempDir
    Path tmp;

    @Test
    void theJarOpensTheGuiForNoArgumentsOrJustAnExistingImage() throws Exception {
        Set<String> subs = DermasegCommand.commandLine().getSubcommands().keySet();
        assertTrue(subs.contains("gui"), subs.toString());
        assertTrue(subs.contains("segment"));
        Path img = Files.createFile(tmp.resolve("lesion.jpg"));
        assertTrue(GuiLauncher.isGuiRequest(new String[0], subs));
        assertTrue(GuiLauncher.isGuiRequest(new String[] {img.toString()}, subs));
        assertTrue(GuiLauncher.isGuiRequest(new String[] {tmp.toString()}, subs), "a folder opens as the image list");
        assertFalse(GuiLauncher.isGuiRequest(new String[] {"samples"}, subs), "subcommands stay the CLI");
        assertFalse(GuiLauncher.isGuiRequest(new String[] {"--help"}, subs));
        assertFalse(GuiLauncher.isGuiRequest(new String[] {tmp.resolve("missing.jpg").toString()}, subs),
                "a mistyped path gets the CLI's usage error, not an empty window");
        assertFalse(GuiLauncher.isGuiRequest(new String[] {"segment", img.toString()}, subs));
        // a file named like a subcommand in the working directory is still the subcommand
        assertFalse(GuiLauncher.isGuiRequest(new String[] {"info"}, subs));
    }

    @Test
    void problemsSayWhatHappenedAndWhatToDoWithoutStackTraces() {
        Problem bad = Problem.of("open x.jpg", new ImageLoadException("/data/x.jpg: empty file (0 bytes)"));
        assertEquals("Could not open x.jpg", bad.title());
        assertEquals("empty file (0 bytes)", bad.reason());
        assertTrue(bad.whatToDo().contains("JPEG, PNG, BMP or TIFF"));
        Problem model = Problem.of("start the model", new ModelException("/opt/dermaseg/model/x.onnx: SHA-256 mismatch"));
        assertEquals("The model is missing or damaged", model.title());
        assertTrue(model.whatToDo().contains("Reinstall"));
        Problem engine = Problem.of("open x", new java.util.concurrent.ExecutionException(new EngineException("CUDA failed")));
        assertEquals("The inference engine could not run", engine.title(), "wrappers are unwrapped");
        assertTrue(engine.whatToDo().contains("Preferences"));
        Problem batch = Problem.of("run the batch", BatchException.usage("out/report.csv exists"));
        assertTrue(batch.whatToDo().contains("Resume"));
        Problem npe = Problem.of("export", new NullPointerException());
        assertEquals("unexpected error: NullPointerException", npe.reason());
        assertFalse(npe.text().contains("at org."));
        assertTrue(Problem.of("x", new OutOfMemoryError("Java heap space")).whatToDo().contains("-Xmx"));
    }

    @Test
    void preferencesDialogValidatesPixelSizeAndFolder() {
        assertNull(PreferencesDialog.validate("", ""));
        assertNull(PreferencesDialog.validate("0.0065", tmp.toString()));
        assertTrue(PreferencesDialog.validate("0,0065", "").contains("not a number"));
        assertTrue(PreferencesDialog.validate("-1", "").contains("positive"));
        assertTrue(PreferencesDialog.validate("", tmp.resolve("nope").toString()).contains("does not exist"));
    }

    @Test
    void imageListsSkipMasksAndOverlaysAndGroundTruthIsFoundInSiblingFolders() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path masks = Files.createDirectories(tmp.resolve("masks"));
        for (String n : List.of("b.png", "A.jpg", "b_segmentation.png", "b_overlay.png", "c_lesion.png", "notes.txt")) {
            Files.createFile(images.resolve(n));
        }
        Files.createFile(masks.resolve("A_lesion.png"));
        List<Path> listed = NavigationViewModel.listFolder(images);
        assertEquals(List.of("A.jpg", "b.png"), listed.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(masks.resolve("A_lesion.png").toAbsolutePath(),
                ImageOpener.findGroundTruth(images.resolve("A.jpg"), null));
        assertEquals(images.resolve("b_segmentation.png").toAbsolutePath(),
                ImageOpener.findGroundTruth(images.resolve("b.png"), null), "beside the image first");
    }

    @Test
    void preferencesKeepTenRecentFilesNewestFirst() {
        Settings p = new Settings(null, problem -> { });
        for (int i = 0; i < 12; i++) {
            p.addRecent(Path.of("f" + i));
        }
        p.addRecent(Path.of("f5"));
        assertEquals(Preferences.MAX_RECENT, p.recentFiles().size());
        assertEquals(Path.of("f5"), p.recentFiles().get(0));
        assertEquals(Path.of("f11"), p.recentFiles().get(1));
        assertEquals(1, p.recentFiles().stream().filter(Path.of("f5")::equals).count());
        assertEquals("f5", p.toPreferences().recentFiles.get(0), "saved as text");
    }

    @Test
    void formatsAreLocaleIndependent() {
        assertEquals("0.9123", Formats.ratio(0.91234));
        assertEquals(Formats.NONE, Formats.ratio(Double.NaN));
        assertEquals("12,345 px", Formats.pixels(12345));
        assertEquals("3.5 px (0.04 mm)", Formats.distance(3.5, 0.035));
        assertTrue(Formats.distance(Double.POSITIVE_INFINITY, null).startsWith("∞"));
        assertEquals("1:05", Formats.duration(65));
        assertEquals("1:01:01", Formats.duration(3661));
    }
}
