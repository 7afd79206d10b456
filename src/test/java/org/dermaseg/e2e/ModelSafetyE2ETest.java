package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.inference.io.PngCheck;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.testsupport.RepoPaths;

/**
 * Damaged and missing models as a user meets them: through the CLI, exit 3 with a one-line reason and no
 * output written; {@code auto} falls back to the pure-Java engine only when ONNX Runtime cannot start and
 * the Java engine's own weights verify. (Engine-level checks: inference's ModelSafetyTest.)
 */
class ModelSafetyE2ETest {
    private static final Path ROOT = RepoPaths.root();
    private static final String IMAGE = ROOT.resolve("assets/samples/images/IMD002.png").toString();
    /** The default model's card and the files it names. */
    private static final ModelArtifacts SHIPPED = defaultModel();
    private static final String CARD = SHIPPED.cardFile().getFileName().toString();
    private static final String ONNX = SHIPPED.card().artifacts().onnx().file();
    private static final String WEIGHTS = SHIPPED.card().artifacts().safetensors().file();

    private static ModelArtifacts defaultModel() {
        try {
            return ModelRegistry.inDirectory(ROOT.resolve("model")).require(null);
        } catch (ModelException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @TempDir
    Path tmp;

    private Path copyModel(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String f : List.of(CARD, ONNX, WEIGHTS)) {
            Files.copy(ROOT.resolve("model").resolve(f), dir.resolve(f));
        }
        return dir;
    }

    private static void flipOneByte(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x01;
        Files.write(file, b);
    }

    private static void makeOnnxUnloadableButVerified(Path dir) throws Exception {
        String oldSha = ModelArtifacts.sha256(dir.resolve(ONNX));
        Files.writeString(dir.resolve(ONNX), "not a protobuf: ONNX Runtime cannot open this");
        Path card = dir.resolve(CARD);
        Files.writeString(card, Files.readString(card).replace(oldSha, ModelArtifacts.sha256(dir.resolve(ONNX))));
    }

    private static void assertOneLineFatal(CliRunner.Run r, String fragment) {
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("dermaseg: fatal: "), r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for an expected failure: " + r.err());
    }

    @Test
    void flippedByteInTheOnnxFileStopsABatchBeforeItWritesAnything() throws Exception {
        Path model = copyModel("flipped");
        flipOneByte(model.resolve(ONNX));
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Path.of(IMAGE), in.resolve("IMD002.png"));
        Path out = tmp.resolve("out");
        CliRunner.Run r = CliRunner.runMain("batch", in.toString(), "-o", out.toString(), "--model", model.toString());
        assertOneLineFatal(r, "model file " + model.resolve(ONNX) + " is damaged or does not belong to this card: SHA-256 "
                + ModelArtifacts.sha256(model.resolve(ONNX)));
        assertFalse(Files.exists(out), "no output folder, no masks, no report");
    }

    @Test
    void autoRunsTheJavaEngineOnlyWhenItsOwnWeightsVerify() throws Exception {
        Path model = copyModel("onnx-unloadable");
        makeOnnxUnloadableButVerified(model);
        CliRunner.Run r = CliRunner.runMain("segment", "--json", "--model", model.toString(), "-o", tmp.resolve("out").toString(), IMAGE);
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("java/cpu", doc.get("engine").asText(), doc.toString());
        assertTrue(doc.get("engineChoice").asText().startsWith("the faster CPU engine"), doc.toString());
        assertEquals(765, PngCheck.completePngSize(tmp.resolve("out/IMD002_segmentation.png"))[0]);

        flipOneByte(model.resolve(WEIGHTS));
        Path out2 = tmp.resolve("out2");
        CliRunner.Run damaged = CliRunner.runMain("segment", "--model", model.toString(), "-o", out2.toString(), IMAGE);
        assertOneLineFatal(damaged, "model file " + model.resolve(WEIGHTS) + " is damaged");
        assertFalse(Files.exists(out2.resolve("IMD002_segmentation.png")));
    }

    /** The jar, copied to a folder with no model anywhere near it, run from another empty folder. */
    @Test
    void missingModelSaysEveryPlaceItLooked() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("a/b/app"));
        Files.copy(CliProcess.builtJar(), app.resolve("dermaseg.jar"));
        Path work = Files.createDirectories(tmp.resolve("a/b/work"));
        List<String> cmd = List.of(CliProcess.java().toString(), "-jar", app.resolve("dermaseg.jar").toString(),
                "segment", "-o", "out", IMAGE);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().remove(ModelArtifacts.DIR_ENV);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(3, p.waitFor(), text);
        Path t = tmp.toRealPath();
        String looked = "model not found: no *.card.json in any of " + t.resolve("a/b/model") + "; "
                + t.resolve("a/b/app/model") + "; " + t.resolve("a/model") + "; " + t.resolve("a/b/work/model")
                + "; set -D" + ModelArtifacts.DIR_PROPERTY + "=DIR or " + ModelArtifacts.DIR_ENV + "=DIR";
        assertTrue(text.contains("dermaseg: fatal: " + looked), text);
        // segment creates its (empty) output folder before it opens the model; nothing goes into it
        if (Files.exists(work.resolve("out"))) {
            try (var files = Files.list(work.resolve("out"))) {
                assertEquals(List.of(), files.toList(), "nothing written");
            }
        }

        // an explicit setting is the only place looked at, so a typo is not silently "fixed" by a default
        ProcessBuilder typo = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        typo.environment().putAll(Map.of(ModelArtifacts.DIR_ENV, tmp.resolve("modle").toString()));
        Process q = typo.start();
        String qt = new String(q.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(3, q.waitFor(), qt);
        assertTrue(qt.contains("in any of " + tmp.resolve("modle") + "; set -D"), qt);
    }
}
