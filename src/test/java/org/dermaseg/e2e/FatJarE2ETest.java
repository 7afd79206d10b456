package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.testsupport.RepoPaths;

/**
 * The README's main command, as a user runs it: {@code java -jar app/target/dermaseg.jar samples}, in a
 * separate JVM, started from an unrelated working directory, so the jar must find the model and the samples
 * relative to itself and carry its own native libraries.
 */
class FatJarE2ETest {
    @TempDir
    Path elsewhere;

    private static JsonNode runJar(Path cwd, String... args) throws Exception {
        Path jar = RepoPaths.root().resolve("app/target/dermaseg.jar");
        assertTrue(Files.isRegularFile(jar), jar + " missing: build it with mvn package / verify before the e2e tests");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jar did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "exit code; stdout:\n" + text + "\nstderr:\n" + err);
        return new ObjectMapper().readTree(text);
    }

    @Test
    void samplesCommandRunsFromTheJarAnywhere() throws Exception {
        JsonNode doc = runJar(elsewhere, "samples", "--json");
        assertEquals(10, doc.get("images").size());
        assertEquals(0, doc.get("failed").asInt());
        // auto: CUDA where a session starts, else the faster CPU engine; why, in engineChoice
        assertTrue(List.of("onnx/cuda", "java/cpu").contains(doc.get("engine").asText()), doc.toString());
        assertFalse(doc.get("engineChoice").asText().isBlank(), doc.toString());
        for (JsonNode im : doc.get("images")) {
            assertEquals("ok", im.get("status").asText(), im.toString());
            assertTrue(im.get("dice").isNumber(), im.toString());
        }
    }

    @Test
    void infoFromTheJarVerifiesTheModel() throws Exception {
        JsonNode doc = runJar(elsewhere, "info", "--json");
        assertTrue(doc.get("model").get("onnx").asText().endsWith("sha256 OK"), doc.toString());
        assertTrue(doc.get("model").get("safetensors").asText().endsWith("sha256 OK"), doc.toString());
        // ONNX Runtime's natives load from the fat jar (auto no longer needs them on a CPU-only machine)
        assertTrue(doc.get("onnxRuntime").asText().matches("\\d+\\.\\d+\\.\\d+"), doc.toString());
        assertEquals("bundled in the jar", doc.get("onnxNatives").asText(), doc.toString());
        // every card next to the jar is a usable model: the shaded jar kept the pure-Java networks'
        // ServiceLoader registrations (a lost one would refuse its cards as "unknown architecture")
        List<String> cards;
        try (var s = Files.list(RepoPaths.root().resolve("model"))) {
            cards = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".card.json")).sorted().toList();
        }
        assertTrue(cards.size() >= 2, cards.toString());
        assertEquals(cards.size(), doc.get("models").size(), doc.get("models").toString());
        for (JsonNode m : doc.get("models")) {
            assertTrue(m.get("usable").asBoolean(), m.toString());
        }
    }
}
