package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.app.SampleData;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.model.ModelArtifacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: model latency at 1x3x256x256 (median, p95 after warm-up) and end-to-end time per image on
 * the samples, for every model and engine asked for. {@code --model-id} may be repeated (default: the default
 * model); with {@code --engine auto} each engine that can start is measured (ONNX Runtime and the pure-Java
 * engine). All model/engine pairs are measured in the same run, their timed runs interleaved, and per model the
 * Java engine's median latency, ONNX Runtime's and their ratio are printed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark: engine latency at 1x3x256x256 (median, p95) and end-to-end time per sample image.",
                "--model-id may be repeated: every model is measured with every engine, in one run, one table."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "50", description = "Timed engine runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--passes", defaultValue = "3",
            description = "Timed end-to-end passes over the images, after one untimed pass (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--images", paramLabel = "DIR", description = "Images for end-to-end timing (default: bundled samples).")
    Path imagesDir;

    @Mixin
    CommonOptions common;

    /** One model on one engine: its numbers. */
    record Result(String modelId, String modelVersion, EngineInfo engine, LatencyStats latency, LatencyStats endToEnd, double decodeMs, double preprocessMs,
                  double inferMs, double postprocessMs, int images) {
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || warmup < 0 || passes < 1) {
            throw new DermasegCommand.UsageException("--runs and --passes must be >= 1, --warmup >= 0");
        }
        Path dir = imagesDir != null ? imagesDir : DermasegCommand.locateSamples().resolve("images");
        List<Path> images = Files.isDirectory(dir) ? SampleData.images(dir) : List.of();
        if (images.isEmpty()) {
            throw new DermasegCommand.UsageException("no images to time in " + dir);
        }
        List<ModelArtifacts> models = common.models();
        List<ModelArtifacts> modelOf = new ArrayList<>();
        List<Segmenter> open = new ArrayList<>();
        try {
            for (ModelArtifacts model : models) {
                for (EngineChoice choice : enginesToMeasure()) {
                    Segmenter s = Segmenter.open(model, choice, common.device, common.segmenterOptions());
                    open.add(s);
                    modelOf.add(model);
                    if (!common.json) {
                        System.out.println("measuring " + model.id() + " on " + s.engineInfo() + " ...");
                    }
                }
            }
            double[][] latency = latencies(open, images.get(0));
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                results.add(endToEnd(modelOf.get(i), open.get(i), images, latency[i]));
            }
            print(System.out, results, images.size());
        } finally {
            for (Segmenter s : open) {
                s.close();
            }
        }
        return ExitCodes.OK;
    }

    /** {@code auto} measures every engine that can start here (ONNX Runtime, the pure-Java engine); else the one asked for. */
    List<EngineChoice> enginesToMeasure() {
        if (common.engine != EngineChoice.AUTO) {
            return List.of(common.engine);
        }
        List<EngineChoice> list = new ArrayList<>();
        if (EngineFactory.onnxRuntimeProblem() == null) {
            list.add(EngineChoice.ONNX);
        }
        if (EngineFactory.javaEngineAvailable()) {
            list.add(EngineChoice.JAVA);
        }
        if (list.isEmpty()) {
            list.add(EngineChoice.AUTO); // lets the factory explain why nothing starts
        }
        return list;
    }

    /**
     * Engine-only latency of every model/engine pair on the same image (a real one, not zeros), preprocessed as
     * each model's card says. The pairs take turns run by run (the order rotating each round), so that a background load on a shared machine
     * falls on all of them alike and their ratio stays meaningful.
     */
    private double[][] latencies(List<Segmenter> engines, Path image) throws Exception {
        int k = engines.size();
        float[][] inputs = new float[k][];
        for (int e = 0; e < k; e++) {
            Segmenter s = engines.get(e);
            inputs[e] = s.preprocessor().toTensor(s.load(image));
        }
        for (int i = 0; i < warmup; i++) {
            for (int e = 0; e < k; e++) {
                engines.get(e).engine().infer(inputs[e], 1);
            }
        }
        double[][] lat = new double[k][runs];
        for (int i = 0; i < runs; i++) {
            for (int j = 0; j < k; j++) {
                int e = (i + j) % k;
                long t0 = System.nanoTime();
                engines.get(e).engine().infer(inputs[e], 1);
                lat[e][i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return lat;
    }

    private Result endToEnd(ModelArtifacts model, Segmenter s, List<Path> images, double[] lat) throws Exception {
        // end to end: file -> mask at original size, one untimed pass for JIT and caches
        for (Path p : images) {
            s.segment(p);
        }
        double[] e2e = new double[passes * images.size()];
        double dec = 0;
        double pre = 0;
        double inf = 0;
        double post = 0;
        int k = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (Path p : images) {
                long t0 = System.nanoTime();
                SegmentationResult r = s.segment(p);
                e2e[k++] = (System.nanoTime() - t0) / 1e6;
                dec += r.timings().decodeMs();
                pre += r.timings().preprocessMs();
                inf += r.timings().inferMs();
                post += r.timings().postprocessMs();
            }
        }
        int n = e2e.length;
        return new Result(model.id(), model.card().version(), s.engineInfo(), LatencyStats.of(lat), LatencyStats.of(e2e), dec / n, pre / n, inf / n,
                post / n, images.size());
    }

    private void print(PrintStream out, List<Result> results, int imageCount) {
        List<String> modelIds = results.stream().map(Result::modelId).distinct().toList();
        if (common.json) {
            ObjectNode doc = Json.object();
            doc.put("cpus", Runtime.getRuntime().availableProcessors());
            doc.put("runs", runs).put("warmup", warmup).put("passes", passes).put("images", imageCount);
            ArrayNode arr = doc.putArray("engines");
            for (Result r : results) {
                ObjectNode o = arr.addObject();
                o.put("model", r.modelId()).put("modelVersion", r.modelVersion());
                o.put("engine", r.engine().label()).put("detail", r.engine().detail());
                o.put("fallbackReason", r.engine().fallbackReason());
                stats(o.putObject("latencyMs"), r.latency());
                stats(o.putObject("endToEndMsPerImage"), r.endToEnd());
                o.putObject("stageMeanMs").put("decode", r.decodeMs()).put("preprocess", r.preprocessMs())
                        .put("infer", r.inferMs()).put("postprocess", r.postprocessMs());
            }
            ArrayNode cmp = doc.putArray("javaVsOnnx");
            for (String id : modelIds) {
                Result onnx = find(results, id, "onnx");
                Result java = find(results, id, "java");
                if (onnx != null && java != null) {
                    cmp.addObject().put("model", id).put("javaMedianMs", java.latency().median())
                            .put("onnxMedianMs", onnx.latency().median())
                            .put("ratio", java.latency().median() / onnx.latency().median())
                            .put("interleaved", true);
                }
            }
            Json.print(out, doc);
            return;
        }
        out.printf(Locale.ROOT, "%nengine latency, 1x3x256x256, %d runs after %d warm-up (model/engine pairs taking "
                + "turns), %d CPU cores%n", runs, warmup, Runtime.getRuntime().availableProcessors());
        TextTable t = new TextTable("model", "engine", "median ms", "p95 ms", "mean ms", "min ms", "max ms");
        for (Result r : results) {
            t.add(r.modelId(), r.engine().label(), f2(r.latency().median()), f2(r.latency().p95()),
                    f2(r.latency().mean()), f2(r.latency().min()), f2(r.latency().max()));
        }
        t.print(out);
        out.printf(Locale.ROOT, "%nend to end per image (file -> mask at original size), %d images x %d passes%n",
                imageCount, passes);
        TextTable e = new TextTable("model", "engine", "median ms", "p95 ms", "mean ms", "decode", "preprocess",
                "infer", "postprocess");
        for (Result r : results) {
            e.add(r.modelId(), r.engine().label(), f2(r.endToEnd().median()), f2(r.endToEnd().p95()),
                    f2(r.endToEnd().mean()), f2(r.decodeMs()), f2(r.preprocessMs()), f2(r.inferMs()),
                    f2(r.postprocessMs()));
        }
        e.print(out);
        for (Result r : results) {
            if (r.engine().isFallback()) {
                out.println("note: " + r.modelId() + " on " + r.engine().label() + " is a fallback: "
                        + r.engine().fallbackReason());
            }
        }
        boolean header = false;
        for (String id : modelIds) {
            Result onnx = find(results, id, "onnx");
            Result java = find(results, id, "java");
            if (onnx == null || java == null) {
                continue;
            }
            if (!header) {
                out.printf(Locale.ROOT, "%njava vs onnx, 1x3x256x256, same run (runs interleaved), %d CPU cores:%n",
                        Runtime.getRuntime().availableProcessors());
                header = true;
            }
            out.printf(Locale.ROOT, "  %s: %s median %.2f ms, %s median %.2f ms, java / onnx median latency: %.2fx%n",
                    id, java.engine().label(), java.latency().median(), onnx.engine().label(), onnx.latency().median(),
                    java.latency().median() / onnx.latency().median());
        }
    }

    private static Result find(List<Result> results, String modelId, String engine) {
        return results.stream().filter(r -> r.modelId().equals(modelId) && r.engine().name().equals(engine))
                .findFirst().orElse(null);
    }

    private static void stats(ObjectNode o, LatencyStats s) {
        o.put("n", s.n()).put("median", s.median()).put("p95", s.p95()).put("mean", s.mean()).put("min", s.min())
                .put("max", s.max());
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
