package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.onnx.OnnxEngine;
import org.dermaseg.inference.engine.onnx.OnnxNatives;
import org.dermaseg.inference.image.OpenCvNatives;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelEntry;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code info}: versions, engines and devices available, the chosen model's card with its checksum status,
 * and every model found with its status (usable, or why not).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show versions, available engines/devices, the chosen model's card (with checksum status) "
                + "and every model found (unusable ones with the reason).")
public final class InfoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ObjectNode doc = Json.object();
        doc.put("dermaseg", VersionProvider.version());
        doc.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        doc.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        doc.put("cpus", Runtime.getRuntime().availableProcessors());
        doc.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        doc.put("opencv", OpenCvNatives.version());
        String ortProblem = EngineFactory.onnxRuntimeProblem();
        doc.put("onnxNatives", OnnxNatives.source());
        if (ortProblem == null) {
            doc.put("onnxRuntime", OnnxEngine.runtimeVersion());
            doc.put("onnxProviders", OnnxEngine.providers().toString());
        } else {
            doc.put("onnxRuntime", "unavailable: " + ortProblem);
        }
        doc.put("engines", String.join(", ", EngineFactory.availableEngines()));
        doc.put("javaEngine", EngineFactory.javaEngineAvailable() ? "available" : "not in this build");
        ModelArtifacts artifacts = null;
        try {
            artifacts = common.registry().require(common.modelIds.isEmpty() ? null : common.modelIds.get(0));
        } catch (ModelException e) {
            // reported under "model" below
        }
        doc.put("cuda", cudaStatus(artifacts));
        // after the CUDA probe: its session maps the CUDA provider and the CUDA libraries it needs
        ArrayNode libs = doc.putArray("onnxLibrariesLoaded");
        OnnxNatives.loadedLibraries().forEach(libs::add);

        int code = ExitCodes.OK;
        ObjectNode model = doc.putObject("model");
        ModelRegistry registry = null;
        try {
            registry = common.registry();
            ModelArtifacts a = artifacts != null ? artifacts
                    : registry.require(common.modelIds.isEmpty() ? null : common.modelIds.get(0));
            ModelCard c = a.card();
            model.put("id", c.id());
            model.put("directory", a.directory().toString());
            model.put("name", c.name());
            model.put("version", c.version());
            model.put("trained", c.trained());
            model.put("paper", c.paper());
            if (c.parameters() != null) {
                model.put("parameters", c.parameters());
            }
            if (c.gflops() != null) {
                model.put("gflops", c.gflops());
            }
            model.put("input", c.inputWidth() + "x" + c.inputHeight() + " " + c.input().channelOrder() + " "
                    + c.input().layout() + ", resize " + c.input().resize() + ", scaling " + c.input().scaling());
            model.put("threshold", c.thresholdOrDefault());
            model.put("onnx", check(() -> a.verifiedOnnx().getFileName() + " sha256 OK"));
            model.put("safetensors", check(() -> a.verifiedSafetensors().getFileName() + " sha256 OK"));
            if (model.get("onnx").asText().startsWith("ERROR") || model.get("safetensors").asText().startsWith("ERROR")) {
                code = ExitCodes.FATAL;
            }
        } catch (ModelException e) {
            model.put("error", e.getMessage());
            code = ExitCodes.FATAL;
        }
        if (registry != null) {
            ArrayNode models = doc.putArray("models");
            for (ModelEntry e : registry.models()) {
                models.add(describe(e));
            }
        }

        if (common.json) {
            Json.print(out, doc);
        } else {
            doc.fields().forEachRemaining(f -> {
                if (f.getValue().isArray()) {
                    if (f.getKey().equals("models")) {
                        printModels(out, f.getValue());
                    } else {
                        out.println(f.getKey() + ":" + (f.getValue().isEmpty() ? " none" : ""));
                        f.getValue().forEach(v -> out.println("  " + v.asText()));
                    }
                } else if (f.getValue().isObject()) {
                    out.println(f.getKey() + ":");
                    f.getValue().fields().forEachRemaining(g -> out.printf(Locale.ROOT, "  %-12s %s%n", g.getKey(),
                            g.getValue().isTextual() ? g.getValue().asText() : g.getValue().toString()));
                } else {
                    out.printf(Locale.ROOT, "%-14s %s%n", f.getKey(), f.getValue().isTextual()
                            ? f.getValue().asText() : f.getValue().toString());
                }
            });
        }
        return code;
    }

    /** One model of the registry: what it is and whether it can be used (the reason naming the file if not). */
    static ObjectNode describe(ModelEntry e) {
        ObjectNode m = Json.object();
        m.put("id", e.id());
        m.put("default", e.isDefault());
        m.put("usable", e.usable());
        if (e.artifacts() != null) {
            ModelCard c = e.artifacts().card();
            m.put("name", c.name());
            m.put("version", c.version());
            m.put("architecture", c.architectureType());
            m.put("threshold", c.thresholdOrDefault());
        }
        m.put("card", e.cardFile().toString());
        ObjectNode files = m.putObject("files");
        e.files().forEach(files::put);
        if (!e.usable()) {
            m.put("problem", e.problem());
        }
        return m;
    }

    private static void printModels(PrintStream out, com.fasterxml.jackson.databind.JsonNode models) {
        out.println("models:");
        for (com.fasterxml.jackson.databind.JsonNode m : models) {
            StringBuilder line = new StringBuilder("  " + m.path("id").asText());
            if (m.has("name")) {
                line.append(" (").append(m.path("name").asText()).append(' ').append(m.path("version").asText())
                        .append(", ").append(m.path("architecture").asText()).append(')');
            }
            if (m.path("default").asBoolean()) {
                line.append(" [default]");
            }
            line.append(m.path("usable").asBoolean() ? " usable" : " UNUSABLE: " + m.path("problem").asText());
            out.println(line);
            m.path("files").fields().forEachRemaining(f ->
                    out.printf(Locale.ROOT, "    %-12s %s%n", f.getKey(), f.getValue().asText()));
        }
    }

    /**
     * "available: ..." when a CUDA session of the model starts here (the only sure test: a listed provider can
     * still miss its CUDA libraries or a GPU); else "unavailable: " and why.
     */
    static String cudaStatus(ModelArtifacts artifacts) {
        String problem = EngineFactory.cudaProblem();
        if (problem != null) {
            return "unavailable: " + problem;
        }
        if (artifacts == null) {
            return "not tried: no model to start a session with";
        }
        try (OnnxEngine e = OnnxEngine.openCuda(artifacts.verifiedOnnx(), artifacts.card())) {
            return "available: " + e.info().detail();
        } catch (EngineException | ModelException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private interface Check {
        String run() throws ModelException;
    }

    private static String check(Check c) {
        try {
            return c.run();
        } catch (ModelException e) {
            return "ERROR " + e.getMessage();
        }
    }
}
