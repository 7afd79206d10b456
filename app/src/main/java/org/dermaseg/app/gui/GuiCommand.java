package org.dermaseg.app.gui;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dermaseg gui [IMAGE]}: the workstation window (also what the jar opens with no arguments). */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Opens the DermaSeg workstation window, showing IMAGE (an image or a folder) segmented.",
            "Running the jar with no arguments, or with just an image path, does the same."})
public final class GuiCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "Image or folder to open.")
    Path image;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (default: -Ddermaseg.model.dir, $DERMASEG_MODEL_DIR, next to the jar, ./model).")
    Path modelDir;

    @Option(names = "--model-id", paramLabel = "ID",
            description = "Model to start with, by its card's id (default: the one chosen last in the Model menu).")
    String modelId;

    @Override
    public Integer call() {
        return GuiLauncher.launch(image, modelDir, modelId, System.err);
    }
}
