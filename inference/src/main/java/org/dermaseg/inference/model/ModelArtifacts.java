package org.dermaseg.inference.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One model's exported files: its card and the ONNX file and safetensors weights the card names, in the
 * card's directory. Checks each weight file's SHA-256 against the card before an engine may use it. A damaged
 * or swapped weight file must never produce masks, so a mismatch is an error, not a warning.
 *
 * <p>Which models exist, and which one is the default, is the {@link ModelRegistry}'s business; the static
 * {@link #locate()} and {@link #fromDirectory} return its default model.
 */
public final class ModelArtifacts {
    public static final String DIR_PROPERTY = "dermaseg.model.dir";
    public static final String DIR_ENV = "DERMASEG_MODEL_DIR";

    private final Path directory;
    private final Path cardFile;
    private final ModelCard card;
    /** Files already hashed, so several engines share one check. */
    private final Set<Path> verified = ConcurrentHashMap.newKeySet();

    private ModelArtifacts(Path cardFile, ModelCard card) {
        this.cardFile = cardFile.toAbsolutePath().normalize();
        this.directory = this.cardFile.getParent();
        this.card = card;
    }

    /** The model of one card file (read and validated; the weight files are checked when used). */
    public static ModelArtifacts fromCard(Path cardFile) throws ModelException {
        if (!Files.isRegularFile(cardFile)) {
            throw new ModelException("model card not found: " + cardFile.toAbsolutePath().normalize());
        }
        return new ModelArtifacts(cardFile, ModelCard.read(cardFile));
    }

    /**
     * The default model found on the search path ({@link #searchPath()}: system property {@value #DIR_PROPERTY},
     * environment {@value #DIR_ENV} (either, when set, is the only place looked at, so a typo fails loudly),
     * otherwise next to the jar ({@code ../model}, {@code model/}, and {@code ../../model} for
     * {@code app/target/dermaseg.jar} in a checkout), then {@code model/} in the working directory).
     */
    public static ModelArtifacts locate() throws ModelException {
        return ModelRegistry.locate().require(null);
    }

    /** The default model of the first candidate holding a card; the error lists every place looked at. */
    public static ModelArtifacts locate(List<Path> candidates) throws ModelException {
        return ModelRegistry.locate(candidates).require(null);
    }

    /** The default model among the cards in {@code dir}. */
    public static ModelArtifacts fromDirectory(Path dir) throws ModelException {
        return ModelRegistry.inDirectory(dir).require(null);
    }

    /**
     * Candidate directories in search order. An explicit setting replaces the defaults and may name several
     * directories separated by {@link java.io.File#pathSeparator}, whose models are then all used.
     */
    public static List<Path> searchPath() {
        List<Path> explicit = explicitDirectories();
        if (explicit != null) {
            return explicit;
        }
        Set<Path> dirs = new LinkedHashSet<>();
        Path jarDir = codeDirectory();
        if (jarDir != null) {
            dirs.add(jarDir.resolve("../model").normalize());
            dirs.add(jarDir.resolve("model").normalize());
            dirs.add(jarDir.resolve("../../model").normalize());
        }
        dirs.add(Path.of("model").toAbsolutePath().normalize());
        return new ArrayList<>(dirs);
    }

    /** The directories named by {@value #DIR_PROPERTY} or {@value #DIR_ENV}, or null when neither is set. */
    static List<Path> explicitDirectories() {
        String value = System.getProperty(DIR_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(DIR_ENV);
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        List<Path> dirs = new ArrayList<>();
        for (String part : value.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
            if (!part.isBlank()) {
                dirs.add(Path.of(part));
            }
        }
        return dirs;
    }

    /** Directory holding the jar (or class folder) this class was loaded from; null if unknown. */
    private static Path codeDirectory() {
        try {
            var src = ModelArtifacts.class.getProtectionDomain().getCodeSource();
            if (src == null || src.getLocation() == null) {
                return null;
            }
            Path p = Path.of(src.getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null; // e.g. a custom class loader; the working directory is still tried
        }
    }

    public Path directory() {
        return directory;
    }

    public ModelCard card() {
        return card;
    }

    public Path cardFile() {
        return cardFile;
    }

    /** The model's id (the card's, or its file name's). */
    public String id() {
        return card.id();
    }

    /** The ONNX file, after its size and SHA-256 matched the card. */
    public Path verifiedOnnx() throws ModelException {
        ModelCard.OnnxArtifact a = card.artifacts() == null ? null : card.artifacts().onnx();
        if (a == null) {
            throw new ModelException("model card " + cardFile() + " has no artifacts.onnx entry");
        }
        return verify(a.file(), a.sha256(), a.bytes());
    }

    /** The safetensors weights, after their size and SHA-256 matched the card. */
    public Path verifiedSafetensors() throws ModelException {
        ModelCard.FileArtifact a = card.artifacts() == null ? null : card.artifacts().safetensors();
        if (a == null) {
            throw new ModelException("model card " + cardFile() + " has no artifacts.safetensors entry");
        }
        return verify(a.file(), a.sha256(), a.bytes());
    }

    private Path verify(String file, String expectedSha, long expectedBytes) throws ModelException {
        if (file == null || expectedSha == null) {
            throw new ModelException("model card " + cardFile() + " lacks file name or sha256 for an artifact");
        }
        Path path = directory.resolve(file).normalize();
        if (!path.startsWith(directory)) {
            throw new ModelException("model card names a file outside the model directory: " + file);
        }
        if (verified.contains(path)) {
            return path;
        }
        if (!Files.isRegularFile(path)) {
            throw new ModelException("model file missing: " + path + " (named in " + cardFile() + ")");
        }
        String actual = sha256(path);
        if (!actual.equalsIgnoreCase(expectedSha)) {
            long size = -1;
            try {
                size = Files.size(path);
            } catch (IOException ignored) {
                // the digest mismatch is the error worth reporting
            }
            throw new ModelException("model file " + path + " is damaged or does not belong to this card: SHA-256 "
                    + actual + " (" + size + " bytes), expected " + expectedSha.toLowerCase(java.util.Locale.ROOT)
                    + (expectedBytes > 0 ? " (" + expectedBytes + " bytes)" : "") + " from " + cardFile());
        }
        verified.add(path);
        return path;
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path path) throws ModelException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // reading feeds the digest
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + path + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    @Override
    public String toString() {
        return "model " + card.id() + " (" + card.displayName() + ") in " + directory;
    }
}
