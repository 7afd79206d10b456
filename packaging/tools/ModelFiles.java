import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelEntry;
import org.dermaseg.inference.model.ModelRegistry;

/**
 * The files an installer must ship so that every model of a model folder works: each {@code *.card.json} and
 * the ONNX and safetensors files it names, found by the application's own model registry (so packaging and the
 * installed app agree on what a model is). Fails, naming the card, when any model is refused or has a damaged
 * or missing file: an installer should not ship a model its users cannot run.
 *
 * <p>Usage (the application jar on the class path): {@code java -cp dermaseg.jar ModelFiles.java MODEL_DIR};
 * prints one file name a line, relative to MODEL_DIR.
 */
public final class ModelFiles {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp dermaseg.jar ModelFiles.java MODEL_DIR");
            System.exit(2);
        }
        ModelRegistry registry = ModelRegistry.inDirectory(Path.of(args[0]));
        List<String> problems = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (ModelEntry e : registry.models()) {
            if (!e.usable()) {
                problems.add(e.problem());
                continue;
            }
            if (!e.fileWarnings().isEmpty()) {
                problems.addAll(e.fileWarnings());
                continue;
            }
            files.add(e.cardFile().getFileName().toString());
            ModelCard.Artifacts a = e.artifacts().card().artifacts();
            if (a.onnx() != null) {
                files.add(a.onnx().file());
            }
            if (a.safetensors() != null) {
                files.add(a.safetensors().file());
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("model folder " + args[0] + ": " + String.join("; ", problems));
            System.exit(1);
        }
        files.forEach(System.out::println);
    }
}
