package org.dermaseg.inference.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dermaseg.inference.engine.purejava.JavaNetworks;

/**
 * Every model in the model folder(s): each {@code *.card.json} is one model, known by its card's id. A card
 * is refused, with a reason naming its file, when it cannot be read, names an architecture DermaSeg has no
 * network for, shares its id with another card (neither is used: which one was meant is unknowable), or
 * when none of the weight files it names is intact. Refused models are listed with their reason; the others
 * stay usable.
 *
 * <p>The default model is the card marked {@code "default": true} (the first by id if several are), else
 * the first by id. It is not replaced by another when it is refused: a command run without a choice must
 * never silently segment with a different network.
 */
public final class ModelRegistry {
    private final List<Path> directories;
    private final List<ModelEntry> entries;
    private final Map<String, ModelEntry> byId;

    private ModelRegistry(List<Path> directories, List<ModelEntry> entries) {
        this.directories = List.copyOf(directories);
        this.entries = List.copyOf(entries);
        Map<String, ModelEntry> m = new LinkedHashMap<>();
        for (ModelEntry e : entries) {
            m.putIfAbsent(e.id(), e);
        }
        this.byId = m;
    }

    /** The models on the standard search path ({@link ModelArtifacts#searchPath()}). */
    public static ModelRegistry locate() throws ModelException {
        List<Path> explicit = ModelArtifacts.explicitDirectories();
        if (explicit != null) {
            return scan(explicit, JavaNetworks.types(), true);
        }
        return locate(ModelArtifacts.searchPath());
    }

    /** The models of the first candidate directory holding a card; the error lists every place looked at. */
    public static ModelRegistry locate(List<Path> candidates) throws ModelException {
        for (Path dir : candidates) {
            if (!cardFiles(dir).isEmpty()) {
                return scan(List.of(dir), JavaNetworks.types(), true);
            }
        }
        throw notFound(candidates);
    }

    /** The models in one directory (an error when it holds no card). */
    public static ModelRegistry inDirectory(Path dir) throws ModelException {
        return scan(List.of(dir), JavaNetworks.types(), true);
    }

    /**
     * The models in all of these directories, with {@code knownTypes} the architecture types DermaSeg can
     * run. With {@code requireCards}, finding no card at all is an error.
     */
    static ModelRegistry scan(List<Path> dirs, Set<String> knownTypes, boolean requireCards) throws ModelException {
        List<Path> cards = new ArrayList<>();
        for (Path dir : dirs) {
            cards.addAll(cardFiles(dir));
        }
        if (cards.isEmpty() && requireCards) {
            throw notFound(dirs);
        }
        // read every card; group by id to find duplicates
        Map<String, List<Read>> byId = new TreeMap<>();
        for (Path file : cards) {
            Read r = read(file);
            byId.computeIfAbsent(r.id, k -> new ArrayList<>()).add(r);
        }
        List<Read> all = new ArrayList<>();
        for (List<Read> same : byId.values()) {
            if (same.size() > 1) {
                for (Read r : same) {
                    List<String> others = same.stream().filter(o -> o != r).map(o -> o.file.toString()).toList();
                    r.problem = "model card " + r.file + ": id \"" + r.id + "\" is also the id of "
                            + String.join(", ", others) + "; ids must be unique, so none of these cards is used";
                }
            }
            all.addAll(same);
        }
        for (Read r : all) {
            if (r.problem == null && r.artifacts != null) {
                String type = r.artifacts.card().architectureType();
                if (type == null || !knownTypes.contains(type)) {
                    r.problem = "model card " + r.file + ": architecture " + (type == null ? "type missing"
                            : "\"" + type + "\" is unknown") + " (known: " + String.join(", ", knownTypes) + ")";
                }
            }
            if (r.problem == null && r.artifacts != null) {
                checkFiles(r);
            }
        }
        String defaultId = chooseDefault(all);
        List<ModelEntry> entries = new ArrayList<>();
        for (Read r : all) {
            // a refused card's artifacts stay attached when it could be read: its name and version are shown
            entries.add(new ModelEntry(r.id, r.file, r.artifacts, r.problem, Collections.unmodifiableMap(r.files), r.id.equals(defaultId)));
        }
        entries.sort(Comparator.comparing(ModelEntry::id).thenComparing(e -> e.cardFile().toString()));
        return new ModelRegistry(dirs, entries);
    }

    /** A card as read: its model, or why it could not be read. */
    private static final class Read {
        final Path file;
        String id;
        ModelArtifacts artifacts;
        String problem;
        final Map<String, String> files = new LinkedHashMap<>();

        Read(Path file) {
            this.file = file;
        }
    }

    private static Read read(Path file) {
        Read r = new Read(file.toAbsolutePath().normalize());
        try {
            r.artifacts = ModelArtifacts.fromCard(r.file);
            r.id = r.artifacts.id();
        } catch (ModelException e) {
            String name = r.file.getFileName().toString();
            r.id = name.substring(0, name.length() - ModelCard.FILE_SUFFIX.length());
            r.problem = e.getMessage().contains(r.file.toString()) ? e.getMessage()
                    : "model card " + r.file + ": " + e.getMessage();
        }
        return r;
    }

    /** Hashes each named weight file; the model is refused only when none is intact (no engine could run it). */
    private static void checkFiles(Read r) {
        ModelCard.Artifacts a = r.artifacts.card().artifacts();
        if (a != null && a.onnx() != null) {
            r.files.put("onnx", check(r.artifacts::verifiedOnnx));
        }
        if (a != null && a.safetensors() != null) {
            r.files.put("safetensors", check(r.artifacts::verifiedSafetensors));
        }
        if (r.files.isEmpty()) {
            r.problem = "model card " + r.file + " names no model file (artifacts.onnx, artifacts.safetensors)";
        } else if (!r.files.containsValue(ModelEntry.FILE_OK)) {
            r.problem = String.join("; ", r.files.values());
        }
    }

    private interface FileCheck {
        Path run() throws ModelException;
    }

    private static String check(FileCheck c) {
        try {
            c.run();
            return ModelEntry.FILE_OK;
        } catch (ModelException e) {
            return e.getMessage();
        }
    }

    private static String chooseDefault(List<Read> all) {
        List<Read> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing((Read r) -> r.id));
        for (Read r : sorted) {
            if (r.artifacts != null && r.artifacts.card().defaultModel()) {
                return r.id;
            }
        }
        return sorted.isEmpty() ? null : sorted.get(0).id;
    }

    /** The {@code *.card.json} files directly in {@code dir}, by name; none when it is not a readable directory. */
    static List<Path> cardFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + ModelCard.FILE_SUFFIX)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return out; // unreadable: as if empty, and the not-found message lists it
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    private static ModelException notFound(List<Path> dirs) {
        StringBuilder sb = new StringBuilder("model not found: no *" + ModelCard.FILE_SUFFIX + " in any of");
        for (Path dir : dirs) {
            sb.append(' ').append(dir.toAbsolutePath().normalize()).append(';');
        }
        sb.append(" set -D").append(ModelArtifacts.DIR_PROPERTY).append("=DIR or ").append(ModelArtifacts.DIR_ENV)
                .append("=DIR");
        return new ModelException(sb.toString());
    }

    /** The directories scanned. */
    public List<Path> directories() {
        return directories;
    }

    /** Every card found, usable or not, by id. */
    public List<ModelEntry> models() {
        return entries;
    }

    /** The usable models, by id. */
    public List<ModelEntry> usable() {
        return entries.stream().filter(ModelEntry::usable).toList();
    }

    /** The default model's id (null only when there is no card). */
    public String defaultId() {
        for (ModelEntry e : entries) {
            if (e.isDefault()) {
                return e.id();
            }
        }
        return null;
    }

    /** The entry with this id, or null. With duplicate ids, the first of them (refused, like the others). */
    public ModelEntry find(String id) {
        return byId.get(id);
    }

    /**
     * The model with this id ({@code null}: the default), ready for an engine.
     *
     * @throws ModelException when there is no such model, or it was refused (the reason names the file)
     */
    public ModelArtifacts require(String id) throws ModelException {
        String wanted = id != null ? id : defaultId();
        ModelEntry e = wanted == null ? null : byId.get(wanted);
        if (e == null) {
            throw new ModelException((id == null ? "no model" : "no model with id \"" + id + "\"") + " in "
                    + directoriesText() + "; models: " + String.join(", ", byId.keySet()));
        }
        if (!e.usable()) {
            List<String> others = usable().stream().map(ModelEntry::id).toList();
            throw new ModelException(e.problem() + (others.isEmpty() ? ""
                    : " (usable models: " + String.join(", ", others) + ")"));
        }
        return e.artifacts();
    }

    private String directoriesText() {
        return String.join(", ", directories.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
    }
}
