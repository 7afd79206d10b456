package org.dermaseg.inference.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * One card found by the {@link ModelRegistry}, usable or not.
 *
 * @param id        the card's id (for an unreadable card, its file name's part before {@code .card.json})
 * @param cardFile  the card file
 * @param artifacts the model, or null when the card itself was refused
 * @param problem   why the model cannot be used (names the file), or null when it can
 * @param files     each weight file's check, by artifact ("onnx", "safetensors"): {@link #FILE_OK}, or the
 *                  error naming the file; empty when the card was refused before the files were looked at
 * @param isDefault whether this is the model used when none is chosen
 */
public record ModelEntry(String id, Path cardFile, ModelArtifacts artifacts, String problem, Map<String, String> files,
                         boolean isDefault) {
    public static final String FILE_OK = "sha256 OK";

    public boolean usable() {
        return problem == null;
    }

    /** The card's name and version, or the id when the card could not be read. */
    public String displayName() {
        return artifacts != null ? artifacts.card().displayName() : id;
    }

    /** Files that failed their check while others passed (the model still runs on the engines they serve). */
    public java.util.List<String> fileWarnings() {
        return files.values().stream().filter(v -> !FILE_OK.equals(v)).toList();
    }
}
