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
 * The exported model directory: card, ONNX file and safetensors weights. Finds the directory, reads the card
 * and checks each weight file's SHA-256 against the card before an engine may use it. A damaged or swapped
 * weight file must never produce masks, so a mismatch is an error, not a warning.
 */
public final class ModelArtifacts {
    public static final String CARD_FILE = "ultralight-vmunet.card.json";
    public static final String DIR_PROPERTY = "dermaseg.model.dir";
    public static final String DIR_ENV = "DERMASEG_MODEL_DIR";

    private final Path directory;
    private final ModelCard card;
    /** Files already hashed, so several engines share one check. */
    private final Set<Path> verified = ConcurrentHashMap.newKeySet();

    private ModelArtifacts(Path directory, ModelCard card) {
        this.directory = directory;
        this.card = card;
    }

    /**
     * Finds the model directory: system property {@value #DIR_PROPERTY}, environment {@value #DIR_ENV}
     * (either, when set, is the only place looked at, so a typo fails loudly), otherwise next to the jar
     * ({@code ../model}, {@code model/}, and {@code ../../model} for {@code app/target/dermaseg.jar} in a
     * checkout), then {@code model/} in the working directory.
     */
    public static ModelArtifacts locate() throws ModelException {
        return locate(searchPath());
    }

    /** The first candidate holding a card wins; the error lists every place looked at. */
    public static ModelArtifacts locate(List<Path> candidates) throws ModelException {
        for (Path dir : candidates) {
            if (Files.isRegularFile(dir.resolve(CARD_FILE))) {
                return fromDirectory(dir);
            }
        }
        StringBuilder sb = new StringBuilder("model not found: no " + CARD_FILE + " in any of");
        for (Path dir : candidates) {
            sb.append(' ').append(dir.toAbsolutePath().normalize()).append(';');
        }
        sb.append(" set -D").append(DIR_PROPERTY).append("=DIR or ").append(DIR_ENV).append("=DIR");
        throw new ModelException(sb.toString());
    }

    public static ModelArtifacts fromDirectory(Path dir) throws ModelException {
        Path cardFile = dir.resolve(CARD_FILE);
        if (!Files.isRegularFile(cardFile)) {
            throw new ModelException("model card not found: " + cardFile.toAbsolutePath().normalize());
        }
        return new ModelArtifacts(dir.toAbsolutePath().normalize(), ModelCard.read(cardFile));
    }

    /** Candidate directories in search order (explicit settings replace the defaults). */
    public static List<Path> searchPath() {
        String prop = System.getProperty(DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return List.of(Path.of(prop));
        }
        String env = System.getenv(DIR_ENV);
        if (env != null && !env.isBlank()) {
            return List.of(Path.of(env));
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
        return directory.resolve(CARD_FILE);
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
        return "model " + card.name() + " " + card.version() + " in " + directory;
    }
}
