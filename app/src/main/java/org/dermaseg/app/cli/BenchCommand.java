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
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.batch.BatchRunner;
import org.dermaseg.inference.batch.BatchSummary;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.inference.measure.LesionMeasurer;
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
 * With {@code --tta} the tables time the engines under flip TTA, and {@link TtaCost} adds each engine's
 * latency without and with it.
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

    @Option(names = "--batch-sizes", paramLabel = "N,N,...", split = ",",
            description = "Engine throughput at these images per run, e.g. 8,32,64 on a GPU (default: the engine's "
                    + "preferred batch when above 1: 32 on CUDA, the thread count for the Java engine; 0 = none).")
    List<Integer> batchSizes;

    @Option(names = "--batch-images", paramLabel = "N", defaultValue = "200",
            description = "Images for the batch-pipeline pass (the --images cycled to N; default: ${DEFAULT-VALUE}; 0 = none). "
                    + "Its images/s is compared with one image at a time, in the same run.")
    int batchImages;

    @Option(names = "--workers", paramLabel = "N",
            description = "Decode and encode threads of the batch-pipeline pass (default: as batch: cores, at most 8).")
    Integer workers;

    @Mixin
    CommonOptions common;

    /** One model on one engine: its numbers. */
    record Result(String modelId, String modelVersion, EngineInfo engine, LatencyStats latency, LatencyStats endToEnd, double decodeMs, double preprocessMs,
                  double inferMs, double postprocessMs, int images, List<Throughput> throughput, Pipeline pipeline,
                  double cpuMsPerImage) {
    }

    /** Engine-only throughput at one batch size: median milliseconds per run of {@code batch} images. */
    record Throughput(int batch, LatencyStats perRun) {
        double imagesPerSecond() {
            return batch * 1000.0 / perRun.median();
        }
    }

    /**
     * The {@code batch} pipeline over {@code images} files against the same files one after another
     * ({@code oneAtATimePerSecond} = 1000 / mean end-to-end ms), in the same run.
     */
    record Pipeline(int images, int workers, int engineBatch, double seconds, double oneAtATimePerSecond,
                    double cpuMsPerImage, double jitMsPerImage, double gcMsPerImage, SameWork sameWork) {
        double imagesPerSecond() {
            return images / seconds;
        }

        double ratio() {
            return imagesPerSecond() / oneAtATimePerSecond;
        }

        /** Against one image at a time doing what a batch does per image (see {@link SameWork}). */
        double sameWorkRatio() {
            return imagesPerSecond() * sameWork.meanMs() / 1000.0;
        }
    }

    /**
     * One image at a time doing a batch's work per image: load, segment (clean-up as configured), measure, encode the
     * mask PNG and write it, over the images ({@code --passes} times, after one untimed pass of its own). The plain
     * end-to-end figure stops at the mask; a batch also measures and writes, so this is the like-for-like rate.
     */
    record SameWork(double meanMs, double cpuMsPerImage) {
        double imagesPerSecond() {
            return 1000.0 / meanMs;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || warmup < 0 || passes < 1 || batchImages < 0) {
            throw new DermasegCommand.UsageException("--runs and --passes must be >= 1, --warmup >= 0");
        }
        if (workers != null) {
            try {
                BatchOptions.checkWorkers(workers); // now, not after minutes of timing
            } catch (IllegalArgumentException e) {
                throw new DermasegCommand.UsageException("--workers: " + e.getMessage());
            }
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
                Segmenter s = open.get(i);
                Result r = endToEnd(modelOf.get(i), s, images, latency[i]);
                List<Throughput> tp = throughput(s, images.get(0));
                Pipeline pipe = batchImages > 0 ? pipeline(s, images, 1000.0 / r.endToEnd().mean()) : null;
                results.add(new Result(r.modelId(), r.modelVersion(), r.engine(), r.latency(), r.endToEnd(),
                        r.decodeMs(), r.preprocessMs(), r.inferMs(), r.postprocessMs(), r.images(), tp, pipe,
                        r.cpuMsPerImage()));
            }
            List<TtaCost.Row> tta = common.tta ? TtaCost.measure(open, images.get(0), runs, warmup) : List.of();
            print(System.out, results, images.size(), tta);
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
        long cpu0 = processCpuNanos();
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
        double cpuPerImage = (processCpuNanos() - cpu0) / 1e6 / n;
        return new Result(model.id(), model.card().version(), s.engineInfo(), LatencyStats.of(lat),
                LatencyStats.of(e2e), dec / n, pre / n, inf / n, post / n, images.size(), List.of(), null, cpuPerImage);
    }

    /** Engine-only runs of {@code batch} copies of one preprocessed image, per batch size asked for. */
    private List<Throughput> throughput(Segmenter s, Path image) throws Exception {
        List<Throughput> out = new ArrayList<>();
        List<Integer> sizes = batchSizes != null ? batchSizes
                : s.preferredBatch() > 1 ? List.of(s.preferredBatch()) : List.of();
        if (sizes.stream().noneMatch(b -> b > 0)) {
            return out;
        }
        float[] one = s.preprocessor().toTensor(s.load(image));
        for (int batch : sizes) {
            if (batch <= 0) {
                continue;
            }
            float[] x = new float[batch * one.length];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(one, 0, x, b * one.length, one.length);
            }
            int timed = Math.max(5, runs / 4);
            for (int i = 0; i < Math.max(2, warmup / 4); i++) {
                s.engine().infer(x, batch);
            }
            double[] ms = new double[timed];
            for (int i = 0; i < timed; i++) {
                long t0 = System.nanoTime();
                s.engine().infer(x, batch);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            out.add(new Throughput(batch, LatencyStats.of(ms)));
        }
        return out;
    }

    /** The batch pipeline ({@link BatchRunner}, masks written to a temporary folder) over the images cycled to N. */
    private Pipeline pipeline(Segmenter s, List<Path> images, double oneAtATime) throws Exception {
        Path tmp = Files.createTempDirectory("dermaseg-bench-");
        try {
            Path in = Files.createDirectories(tmp.resolve("in"));
            for (int i = 0; i < batchImages; i++) {
                Path src = images.get(i % images.size());
                String name = src.getFileName().toString();
                int dot = name.lastIndexOf('.');
                Path dst = in.resolve(String.format(Locale.ROOT, "%s-%04d%s", name.substring(0, dot), i, name.substring(dot)));
                try {
                    Files.createSymbolicLink(dst, src.toAbsolutePath());
                } catch (UnsupportedOperationException | java.io.IOException e) {
                    Files.copy(src, dst);
                }
            }
            SameWork sameWork = oneAtATimeSameWork(s, images, Files.createDirectories(tmp.resolve("one")));
            BatchOptions opts = BatchOptions.of(in, tmp.resolve("out"));
            if (workers != null) {
                opts = opts.withWorkers(workers);
            }
            long cpu0 = processCpuNanos();
            long jit0 = jitMillis();
            long gc0 = gcMillis();
            BatchSummary summary = new BatchRunner(s, opts, null).run();
            double cpuPerImage = (processCpuNanos() - cpu0) / 1e6 / batchImages;
            double jitPerImage = jit0 < 0 ? -1 : (jitMillis() - jit0) / (double) batchImages; // -1: unknown
            double gcPerImage = (gcMillis() - gc0) / (double) batchImages;
            if (summary.ok() != batchImages) {
                throw new IllegalStateException("batch pass: " + summary.failed() + " of " + batchImages + " failed");
            }
            return new Pipeline(batchImages, opts.workers(), s.preferredBatch(), summary.wallSeconds(), oneAtATime,
                    cpuPerImage, jitPerImage, gcPerImage, sameWork);
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** See {@link SameWork}; masks go to {@code out}. */
    private SameWork oneAtATimeSameWork(Segmenter s, List<Path> images, Path out) throws Exception {
        // one untimed pass first, as for the end-to-end figures: the measurement and PNG code is compiled by the
        // JIT then, not while it is timed (that made one at a time look slower and the batch's ratio better)
        sameWorkPass(s, images, out, 0);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        int n = 0;
        for (int pass = 0; pass < passes; pass++) {
            n = sameWorkPass(s, images, out, n);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        return new SameWork(ms, (processCpuNanos() - cpu0) / 1e6 / n);
    }

    /** Load, segment, measure and write the mask of each image; returns {@code n} plus the images done. */
    private static int sameWorkPass(Segmenter s, List<Path> images, Path out, int n) throws Exception {
        for (Path p : images) {
            LoadedImage image = s.load(p);
            SegmentationResult r = s.segment(image);
            LesionMeasurer.measure(image, r.mask(), null); // as the pipeline pass (BatchOptions.of)
            Files.write(out.resolve(n + "_segmentation.png"), MaskPng.encode(r.mask(), false));
            n++;
        }
        return n;
    }

    /**
     * CPU time of this whole process (all threads, GC and JIT included), or -1 where unknown: CPU milliseconds per
     * image do not depend on what else loads the machine the way wall time does.
     */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Milliseconds the JIT compilers have spent so far (the JVM's estimate), or -1 where unknown. Part of the
     * batch's CPU is the compiler still at work: 3.2 s of C2 threads' CPU in an 8.5 s batch of 300 PH2 samples
     * after a 10-image warm-up, 4.1 s in a 27 s batch of 1,200 (2026-12-03, 2 cores).
     */
    static long jitMillis() {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Milliseconds of garbage collection so far, all collectors. */
    static long gcMillis() {
        long ms = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** The 1-minute load average (other processes competing for the cores), or -1 where unknown. */
    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void print(PrintStream out, List<Result> results, int imageCount, List<TtaCost.Row> tta) {
        List<String> modelIds = results.stream().map(Result::modelId).distinct().toList();
        if (common.json) {
            ObjectNode doc = Json.object();
            doc.put("cpus", Runtime.getRuntime().availableProcessors());
            doc.put("loadAverage1m", loadAverage());
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
                o.put("choiceReason", r.engine().choiceReason());
                ArrayNode tp = o.putArray("throughput");
                for (Throughput t : r.throughput()) {
                    ObjectNode to = tp.addObject().put("batch", t.batch()).put("imagesPerSecond", t.imagesPerSecond());
                    stats(to.putObject("msPerRun"), t.perRun());
                }
                if (r.pipeline() != null) {
                    Pipeline p = r.pipeline();
                    o.putObject("batchPipeline").put("images", p.images()).put("workers", p.workers())
                            .put("engineBatch", p.engineBatch()).put("seconds", p.seconds())
                            .put("imagesPerSecond", p.imagesPerSecond())
                            .put("oneAtATimeImagesPerSecond", p.oneAtATimePerSecond())
                            .put("batchVsOneAtATime", p.ratio())
                            .put("cpuMsPerImage", p.cpuMsPerImage())
                            .put("jitMsPerImage", p.jitMsPerImage())
                            .put("gcMsPerImage", p.gcMsPerImage())
                            .put("oneAtATimeCpuMsPerImage", r.cpuMsPerImage())
                            .put("oneAtATimeSameWorkImagesPerSecond", p.sameWork().imagesPerSecond())
                            .put("oneAtATimeSameWorkCpuMsPerImage", p.sameWork().cpuMsPerImage())
                            .put("batchVsOneAtATimeSameWork", p.sameWorkRatio());
                }
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
            if (!tta.isEmpty()) {
                TtaCost.json(doc.putArray("tta"), tta);
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
        if (results.stream().anyMatch(r -> !r.throughput().isEmpty())) {
            out.printf(Locale.ROOT, "%nengine throughput, N x 3x256x256 per run (copies of one image)%n");
            TextTable tt = new TextTable("model", "engine", "batch", "median ms/run", "p95 ms/run", "images/s");
            for (Result r : results) {
                for (Throughput th : r.throughput()) {
                    tt.add(r.modelId(), r.engine().label(), Integer.toString(th.batch()), f2(th.perRun().median()),
                            f2(th.perRun().p95()), String.format(Locale.ROOT, "%.1f", th.imagesPerSecond()));
                }
            }
            tt.print(out);
        }
        if (results.stream().anyMatch(r -> r.pipeline() != null)) {
            out.printf(Locale.ROOT, "%nbatch pipeline vs one image at a time (same run; masks written to a temporary folder)%n");
            TextTable bt = new TextTable("model", "engine", "images", "workers", "engine batch", "batch images/s",
                    "one-at-a-time images/s", "ratio", "CPU ms/image batch", "of it JIT", "GC", "one at a time");
            TextTable sw = new TextTable("model", "engine", "batch images/s", "one-at-a-time images/s", "ratio",
                    "CPU ms/image batch", "one at a time");
            for (Result r : results) {
                Pipeline p = r.pipeline();
                if (p != null) {
                    bt.add(r.modelId(), r.engine().label(), Integer.toString(p.images()), Integer.toString(p.workers()),
                            Integer.toString(p.engineBatch()), String.format(Locale.ROOT, "%.1f", p.imagesPerSecond()),
                            String.format(Locale.ROOT, "%.1f", p.oneAtATimePerSecond()), f2(p.ratio()) + "x",
                            f2(p.cpuMsPerImage()), f2(p.jitMsPerImage()), f2(p.gcMsPerImage()), f2(r.cpuMsPerImage()));
                    sw.add(r.modelId(), r.engine().label(), String.format(Locale.ROOT, "%.1f", p.imagesPerSecond()),
                            String.format(Locale.ROOT, "%.1f", p.sameWork().imagesPerSecond()),
                            f2(p.sameWorkRatio()) + "x", f2(p.cpuMsPerImage()), f2(p.sameWork().cpuMsPerImage()));
                }
            }
            bt.print(out);
            out.printf(Locale.ROOT, "%nthe same against one image at a time doing a batch's work (segment, measure, "
                    + "write the mask PNG), %d images x %d passes%n", imageCount, passes);
            sw.print(out);
        }
        out.printf(Locale.ROOT, "%nload average (1 min) at the end: %.2f on %d cores%n", loadAverage(),
                Runtime.getRuntime().availableProcessors());
        for (Result r : results) {
            if (r.engine().choiceReason() != null) {
                out.println("note: " + r.modelId() + " on " + r.engine().label() + " chosen by auto: "
                        + r.engine().choiceReason());
            }
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
        TtaCost.print(out, tta, runs, warmup);
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
