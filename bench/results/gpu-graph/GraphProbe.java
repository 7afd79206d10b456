import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parity, latency, throughput and node counts of several ONNX graphs of the same network, through ONNX Runtime's
 * Java API (only the ONNX Runtime jar on the class path; bench/results/gpu-graph/README.md).
 *
 * <pre>
 * java -cp onnxruntime.jar:classes GraphProbe --device cpu|cuda --inputs inputs.f32 [flags] a.onnx b.onnx ...
 *   --device cpu|cuda       cuda: SessionOptions.addCUDA(0); exits with status 2 if that or the session fails
 *   --inputs FILE           float32 little-endian N x 3 x H x W (H = W = 256 unless --size)
 *   --threads T             intra-op threads (default 1)
 *   --warmup W --runs R     batch-1 latency: W untimed runs, then R timed ones (default 10, 50)
 *   --batch-sizes LIST      throughput batch sizes (default 1,8,32,64,128,256); 0 or "none" skips
 *   --tp-warmup W --tp-runs R  per batch size (default 3, 10); images/s = median over the R runs
 *   --parity-batches LIST   batch sizes the parity runs use (default 1,N: one image a run, then all N)
 *   --optimized-dir DIR     save each session's optimized graph (setOptimizedModelFilePath) and count its nodes
 *   --cuda-option K=V       extra CUDA provider option (repeatable), e.g. cudnn_conv_algo_search=HEURISTIC
 *   --json FILE             also write the results as JSON
 *   --no-timing             parity and node counts only
 * </pre>
 * Sessions as the app opens them (OnnxEngine): optimisation level ALL, sequential execution, no spinning.
 * Parity: every model's output against the FIRST model's at batch 1: max |difference| of the probabilities and
 * the number of pixels whose mask (p >= 0.5) differs. Timing: the input tensor of each batch size is made once
 * (direct FloatBuffer, OnnxTensor.createTensor); only Session.run (and closing its result) is timed.
 */
public final class GraphProbe {

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        System.exit(new GraphProbe(a).probe());
    }

    private final Args a;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final StringBuilder json = new StringBuilder();

    private GraphProbe(Args a) {
        this.a = a;
    }

    private int probe() throws Exception {
        float[] inputs = readInputs(a.inputs);
        int plane = 3 * a.size * a.size;
        int n = inputs.length / plane;
        if (n * plane != inputs.length || n == 0) {
            throw new IllegalArgumentException(a.inputs + ": " + inputs.length + " floats is not N x " + plane);
        }
        String host = hostLine();
        System.out.printf(Locale.ROOT, "GraphProbe: ONNX Runtime %s, providers %s, device %s, intra-op threads %d%n",
                env.getVersion(), OrtEnvironment.getAvailableProviders(), a.device, a.threads);
        System.out.printf(Locale.ROOT, "host: %s%ninputs: %s (%d images)%n", host, a.inputs, n);
        json.append("{\n  \"ortVersion\": ").append(q(env.getVersion()))
            .append(",\n  \"providers\": ").append(q(OrtEnvironment.getAvailableProviders().toString()))
            .append(",\n  \"device\": ").append(q(a.device))
            .append(",\n  \"cudaOptions\": ").append(q(a.cudaOptions.toString()))
            .append(",\n  \"intraOpThreads\": ").append(a.threads)
            .append(",\n  \"hostStart\": ").append(q(host))
            .append(",\n  \"inputs\": ").append(q(a.inputs)).append(", \"images\": ").append(n)
            .append(",\n  \"warmup\": ").append(a.warmup).append(", \"runs\": ").append(a.runs)
            .append(", \"tpWarmup\": ").append(a.tpWarmup).append(", \"tpRuns\": ").append(a.tpRuns)
            .append(",\n  \"models\": [");

        float[] reference = null;
        List<String> rows = new ArrayList<>();
        for (int mi = 0; mi < a.models.size(); mi++) {
            String model = a.models.get(mi);
            System.out.printf(Locale.ROOT, "%n== %s%n", model);
            String optimized = null;
            if (a.optimizedDir != null) {
                Path dir = Path.of(a.optimizedDir);
                Files.createDirectories(dir);
                String stem = Path.of(model).getFileName().toString().replaceAll("\\.onnx$", "");
                optimized = dir.resolve(stem + ".ort-" + a.device + ".onnx").toString();
            }
            long t0 = System.nanoTime();
            OrtSession session;
            try {
                try {
                    session = open(model, optimized);
                } catch (OrtException first) {
                    if (optimized == null) {
                        throw first;
                    }
                    // saving the optimized graph is only a by-product: once more without it
                    System.err.println("WARNING: session with setOptimizedModelFilePath failed ("
                            + oneLine(first.getMessage()) + "); opening it again without saving the optimized graph");
                    optimized = null;
                    session = open(model, null);
                }
            } catch (OrtException | RuntimeException e) {
                if (a.device.equals("cuda")) {
                    System.err.println("FATAL: CUDA session for " + model + " failed: " + e);
                    return 2;
                }
                throw e;
            }
            double openMs = (System.nanoTime() - t0) / 1e6;
            StringBuilder mj = new StringBuilder();
            mj.append(mi == 0 ? "\n" : ",\n").append("    {\"model\": ").append(q(model))
              .append(", \"sessionOpenMs\": ").append(f(openMs));
            Map<String, Integer> rawOps = countOps(Path.of(model));
            mj.append(",\n     \"nodes\": ").append(total(rawOps)).append(", \"ops\": ").append(opsJson(rawOps));
            String optLine = "-";
            if (optimized != null && Files.exists(Path.of(optimized))) {
                Map<String, Integer> optOps = countOps(Path.of(optimized));
                optLine = String.valueOf(total(optOps));
                mj.append(",\n     \"optimizedFile\": ").append(q(optimized))
                  .append(", \"optimizedNodes\": ").append(total(optOps))
                  .append(", \"optimizedOps\": ").append(opsJson(optOps));
                System.out.printf(Locale.ROOT, "nodes: %d in the file, %d after ONNX Runtime's optimisation (%s)%n",
                        total(rawOps), total(optOps), optimized);
                System.out.println("  optimized ops: " + optOps);
            } else {
                System.out.printf(Locale.ROOT, "nodes: %d in the file%n", total(rawOps));
            }
            String inName = session.getInputNames().iterator().next();
            String outName = session.getOutputNames().iterator().next();
            System.out.printf(Locale.ROOT, "session opened in %.0f ms; input %s, output %s%n", openMs, inName, outName);

            // (i) parity
            mj.append(",\n     \"parity\": [");
            String parityCell = "";
            List<Integer> pbs = a.parityBatches.isEmpty() ? List.of(1, n) : a.parityBatches;
            for (int pi = 0; pi < pbs.size(); pi++) {
                int pb = Math.min(pbs.get(pi), n);
                float[] out = runAll(session, inName, inputs, n, plane, pb);
                if (reference == null) {
                    reference = out;   // the first model at the first parity batch size
                }
                double maxAbs = 0;
                long maskDiff = 0;
                for (int i = 0; i < out.length; i++) {
                    maxAbs = Math.max(maxAbs, Math.abs(out[i] - reference[i]));
                    if ((out[i] >= 0.5f) != (reference[i] >= 0.5f)) {
                        maskDiff++;
                    }
                }
                System.out.printf(Locale.ROOT, "parity at batch %d vs %s (batch %d): max |diff| %.3g, mask pixels differing %d of %d%n",
                        pb, a.models.get(0), Math.min(pbs.get(0), n), maxAbs, maskDiff, out.length);
                mj.append(pi == 0 ? "" : ", ").append("{\"batch\": ").append(pb).append(", \"maxAbsDiff\": ")
                  .append(String.format(Locale.ROOT, "%.6g", maxAbs)).append(", \"maskPixelsDiffering\": ")
                  .append(maskDiff).append(", \"pixels\": ").append(out.length).append("}");
                parityCell += (pi == 0 ? "" : " ") + String.format(Locale.ROOT, "b%d:%.2g/%d", pb, maxAbs, maskDiff);
            }
            mj.append("]");

            // (ii) timing
            String latCell = "-";
            String tpCell = "";
            if (a.timing) {
                double[] lat = time(session, inName, inputs, n, plane, 1, a.warmup, a.runs);
                double med = percentile(lat, 50);
                double p95 = percentile(lat, 95);
                latCell = String.format(Locale.ROOT, "%.2f / %.2f", med, p95);
                System.out.printf(Locale.ROOT, "batch-1 latency: median %.3f ms, p95 %.3f ms, min %.3f ms (%d runs after %d warm-up)%n",
                        med, p95, percentile(lat, 0), a.runs, a.warmup);
                mj.append(",\n     \"latencyBatch1Ms\": {\"median\": ").append(f(med)).append(", \"p95\": ").append(f(p95))
                  .append(", \"min\": ").append(f(percentile(lat, 0))).append("}");
                mj.append(",\n     \"throughput\": [");
                boolean first = true;
                for (int b : a.batchSizes) {
                    String err = null;
                    double ips = Double.NaN;
                    double msMed = Double.NaN;
                    try {
                        double[] ms = time(session, inName, inputs, n, plane, b, a.tpWarmup, a.tpRuns);
                        double[] rate = new double[ms.length];
                        for (int i = 0; i < ms.length; i++) {
                            rate[i] = b * 1000.0 / ms[i];
                        }
                        ips = percentile(rate, 50);
                        msMed = percentile(ms, 50);
                        System.out.printf(Locale.ROOT, "batch %4d: %9.1f images/s (median of %d runs; %.2f ms a run)%n",
                                b, ips, a.tpRuns, msMed);
                        tpCell += String.format(Locale.ROOT, " %d:%.0f", b, ips);
                    } catch (OrtException | OutOfMemoryError e) {
                        err = e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
                        System.out.printf(Locale.ROOT, "batch %4d: failed: %s%n", b, err);
                        tpCell += String.format(Locale.ROOT, " %d:fail", b);
                    }
                    mj.append(first ? "" : ", ").append("{\"batch\": ").append(b);
                    if (err == null) {
                        mj.append(", \"imagesPerSecond\": ").append(f(ips)).append(", \"msPerRun\": ").append(f(msMed));
                    } else {
                        mj.append(", \"error\": ").append(q(err));
                    }
                    mj.append("}");
                    first = false;
                }
                mj.append("]");
            }
            mj.append("}");
            json.append(mj);
            session.close();
            rows.add(String.format(Locale.ROOT, "%-34s %6d %6s  %-15s %-28s%s", Path.of(model).getFileName(),
                    total(rawOps), optLine, latCell, parityCell, tpCell));
        }
        String hostEnd = hostLine();
        json.append("\n  ],\n  \"hostEnd\": ").append(q(hostEnd)).append("\n}\n");

        System.out.printf(Locale.ROOT, "%n%-34s %6s %6s  %-15s %-28s%s%n", "model", "nodes", "ort", "b1 ms med/p95",
                "parity b:maxabs/maskpx", " throughput batch:img/s");
        rows.forEach(System.out::println);
        System.out.println("host at the end: " + hostEnd);
        if (a.json != null) {
            Files.writeString(Path.of(a.json), json.toString());
            System.out.println("JSON: " + a.json);
        }
        return 0;
    }

    private OrtSession open(String model, String optimizedPath) throws OrtException {
        try (OrtSession.SessionOptions opts = options(optimizedPath)) {
            return env.createSession(model, opts);
        }
    }

    private OrtSession.SessionOptions options(String optimizedPath) throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        opts.setIntraOpNumThreads(a.threads);
        opts.setInterOpNumThreads(1);
        opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        opts.addConfigEntry("session.intra_op.allow_spinning", "0");
        if (optimizedPath != null) {
            opts.setOptimizedModelFilePath(optimizedPath);
        }
        if (a.device.equals("cuda")) {
            try {
                if (a.cudaOptions.isEmpty()) {
                    opts.addCUDA(0);
                } else {
                    OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(0);
                    for (Map.Entry<String, String> e : a.cudaOptions.entrySet()) {
                        cuda.add(e.getKey(), e.getValue());
                    }
                    opts.addCUDA(cuda);
                }
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                System.err.println("FATAL: addCUDA(0) failed: " + e);
                System.exit(2);
            }
        } else if (!a.device.equals("cpu")) {
            throw new IllegalArgumentException("--device cpu|cuda, not " + a.device);
        }
        return opts;
    }

    /** All n images through the session, pb at a time; the probabilities in input order. */
    private float[] runAll(OrtSession s, String inName, float[] inputs, int n, int plane, int pb) throws OrtException {
        int outPlane = a.size * a.size;
        float[] all = new float[n * outPlane];
        for (int start = 0; start < n; start += pb) {
            int b = Math.min(pb, n - start);
            FloatBuffer buf = direct(b * plane);
            buf.put(inputs, start * plane, b * plane).rewind();
            try (OnnxTensor t = OnnxTensor.createTensor(env, buf, new long[]{b, 3, a.size, a.size});
                 OrtSession.Result r = s.run(Map.of(inName, t))) {
                OnnxValue v = r.get(0);
                FloatBuffer out = ((OnnxTensor) v).getFloatBuffer();
                if (out.remaining() != b * outPlane) {
                    throw new IllegalStateException("output has " + out.remaining() + " floats, expected " + b * outPlane);
                }
                out.get(all, start * outPlane, b * outPlane);
            }
        }
        return all;
    }

    /** Milliseconds of each timed Session.run at batch b (copies of the inputs, cycled). */
    private double[] time(OrtSession s, String inName, float[] inputs, int n, int plane, int b, int warm, int runs)
            throws OrtException {
        FloatBuffer buf = direct(b * plane);
        for (int i = 0; i < b; i++) {
            buf.put(inputs, (i % n) * plane, plane);
        }
        buf.rewind();
        double[] ms = new double[runs];
        try (OnnxTensor t = OnnxTensor.createTensor(env, buf, new long[]{b, 3, a.size, a.size})) {
            Map<String, OnnxTensor> feed = Map.of(inName, t);
            for (int i = 0; i < warm; i++) {
                s.run(feed).close();
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                OrtSession.Result r = s.run(feed);
                r.close();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static float[] readInputs(String file) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(Path.of(file))).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(f);
        return f;
    }

    static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        if (p <= 0) {
            return s[0];
        }
        // nearest rank; the median of an even count is the mean of the two middle values
        if (p == 50) {
            int m = s.length / 2;
            return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    // ---- ONNX protobuf, just enough to count nodes: ModelProto.graph = 7, GraphProto.node = 1, NodeProto.op_type = 4,
    //      NodeProto.domain = 7 (ops of another domain are counted as domain:op)
    static Map<String, Integer> countOps(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        Map<String, Integer> ops = new TreeMap<>();
        ByteBuffer graph = field(b, 7);
        if (graph == null) {
            return ops;
        }
        while (graph.hasRemaining()) {
            long key = varint(graph);
            int fieldNo = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (fieldNo == 1 && wire == 2) {
                ByteBuffer node = slice(graph);
                String op = "?";
                String domain = "";
                while (node.hasRemaining()) {
                    long k = varint(node);
                    int fn = (int) (k >>> 3);
                    int w = (int) (k & 7);
                    if ((fn == 4 || fn == 7) && w == 2) {
                        ByteBuffer s = slice(node);
                        byte[] bytes = new byte[s.remaining()];
                        s.get(bytes);
                        if (fn == 4) {
                            op = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                        } else {
                            domain = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                        }
                    } else {
                        skip(node, w);
                    }
                }
                String name = domain.isEmpty() || domain.equals("ai.onnx") ? op : domain + ":" + op;
                ops.merge(name, 1, Integer::sum);
            } else {
                skip(graph, wire);
            }
        }
        return ops;
    }

    private static ByteBuffer field(ByteBuffer b, int want) {
        while (b.hasRemaining()) {
            long key = varint(b);
            int fn = (int) (key >>> 3);
            int w = (int) (key & 7);
            if (fn == want && w == 2) {
                return slice(b);
            }
            skip(b, w);
        }
        return null;
    }

    private static ByteBuffer slice(ByteBuffer b) {
        int len = (int) varint(b);
        ByteBuffer s = b.slice();
        s.limit(len);
        b.position(b.position() + len);
        return s;
    }

    private static void skip(ByteBuffer b, int wire) {
        switch (wire) {
            case 0 -> varint(b);
            case 1 -> b.position(b.position() + 8);
            case 2 -> slice(b);
            case 5 -> b.position(b.position() + 4);
            default -> throw new IllegalStateException("protobuf wire type " + wire);
        }
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }

    private static int total(Map<String, Integer> ops) {
        return ops.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String opsJson(Map<String, Integer> ops) {
        StringBuilder s = new StringBuilder("{");
        ops.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).forEach(e ->
                s.append(s.length() > 1 ? ", " : "").append(q(e.getKey())).append(": ").append(e.getValue()));
        return s.append("}").toString();
    }

    private static String hostLine() {
        String load = "?";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException ignored) {
            // not Linux
        }
        return "cores " + Runtime.getRuntime().availableProcessors() + ", loadavg " + load;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ");
    }

    private static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Command-line flags. */
    static final class Args {
        String device = "cpu";
        String inputs;
        String json;
        String optimizedDir;
        int size = 256;
        int threads = 1;
        int warmup = 10;
        int runs = 50;
        int tpWarmup = 3;
        int tpRuns = 10;
        boolean timing = true;
        List<Integer> batchSizes = new ArrayList<>(List.of(1, 8, 32, 64, 128, 256));
        List<Integer> parityBatches = new ArrayList<>();
        Map<String, String> cudaOptions = new LinkedHashMap<>();
        List<String> models = new ArrayList<>();

        static Args parse(String[] argv) {
            Args a = new Args();
            for (int i = 0; i < argv.length; i++) {
                String s = argv[i];
                switch (s) {
                    case "--device" -> a.device = argv[++i];
                    case "--inputs" -> a.inputs = argv[++i];
                    case "--json" -> a.json = argv[++i];
                    case "--optimized-dir" -> a.optimizedDir = argv[++i];
                    case "--size" -> a.size = Integer.parseInt(argv[++i]);
                    case "--threads" -> a.threads = Integer.parseInt(argv[++i]);
                    case "--warmup" -> a.warmup = Integer.parseInt(argv[++i]);
                    case "--runs" -> a.runs = Integer.parseInt(argv[++i]);
                    case "--tp-warmup" -> a.tpWarmup = Integer.parseInt(argv[++i]);
                    case "--tp-runs" -> a.tpRuns = Integer.parseInt(argv[++i]);
                    case "--batch-sizes" -> a.batchSizes = ints(argv[++i]);
                    case "--parity-batches" -> a.parityBatches = ints(argv[++i]);
                    case "--cuda-option" -> {
                        String[] kv = argv[++i].split("=", 2);
                        a.cudaOptions.put(kv[0], kv[1]);
                    }
                    case "--no-timing" -> a.timing = false;
                    default -> {
                        if (s.startsWith("--")) {
                            throw new IllegalArgumentException("unknown flag " + s);
                        }
                        a.models.add(s);
                    }
                }
            }
            if (a.inputs == null || a.models.isEmpty()) {
                throw new IllegalArgumentException(
                        "usage: GraphProbe --device cpu|cuda --inputs FILE [flags] MODEL.onnx ... (see the class comment)");
            }
            return a;
        }

        private static List<Integer> ints(String s) {
            List<Integer> out = new ArrayList<>();
            if (s.equals("none")) {
                return out;
            }
            for (String p : s.split(",")) {
                int v = Integer.parseInt(p.trim());
                if (v > 0) {
                    out.add(v);
                }
            }
            return out;
        }
    }
}
