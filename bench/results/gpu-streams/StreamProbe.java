import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Question: does ONNX Runtime's CUDA provider give more images per second when several runs are in flight at once
 * (several threads on one session, or one session per thread, each session with its own CUDA stream), now that
 * one run of this small model leaves the GPU mostly idle between its hundreds of short kernels?
 *
 * <pre>
 * java -cp onnxruntime.jar:classes StreamProbe --device cpu|cuda [--seconds S] [--configs 1x1,1x4,4x4]
 *      [--batch-sizes 1,8,32,64] [--json FILE] model.onnx ...
 * </pre>
 * A config {@code SxT} opens S sessions and starts T threads; thread t runs session t % S, batch after batch of the
 * same input (its own direct buffers, the output written into a pinned buffer as the product's OnnxEngine does),
 * for S seconds after 3 untimed runs each; images/s = all images of all threads / wall time. Sessions as in the
 * product: optimisation ALL, sequential, no spinning, CUDA device 0 with default options. Before timing, every
 * session's output for the same batch is compared with session 0's (max |diff|).
 */
public final class StreamProbe {
    public static void main(String[] argv) throws Exception {
        String device = "cuda";
        double seconds = 3;
        String configs = "1x1,1x2,1x4,2x2,4x4,8x8";
        int[] batches = {1, 8, 32, 64};
        String json = null;
        List<String> models = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--device" -> device = argv[++i];
                case "--seconds" -> seconds = Double.parseDouble(argv[++i]);
                case "--configs" -> configs = argv[++i];
                case "--batch-sizes" -> batches = Arrays.stream(argv[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--json" -> json = argv[++i];
                default -> models.add(argv[i]);
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.printf(Locale.ROOT, "StreamProbe: ONNX Runtime %s, providers %s, device %s, %d cores%n",
                env.getVersion(), OrtEnvironment.getAvailableProviders(), device,
                Runtime.getRuntime().availableProcessors());
        StringBuilder js = new StringBuilder("{\n  \"ortVersion\": \"" + env.getVersion() + "\",\n  \"device\": \""
                + device + "\",\n  \"seconds\": " + seconds + ",\n  \"results\": [");
        String sep = "\n";
        System.out.println("model                       config  batch  images/s  runs  median ms/run  max|diff| vs session 0");
        for (String model : models) {
            for (String cfg : configs.split(",")) {
                int s = Integer.parseInt(cfg.split("x")[0]);
                int t = Integer.parseInt(cfg.split("x")[1]);
                List<OrtSession> sessions = new ArrayList<>();
                try {
                    for (int i = 0; i < s; i++) {
                        sessions.add(open(env, model, device));
                    }
                    for (int b : batches) {
                        Result r = measure(env, sessions, t, b, seconds);
                        System.out.printf(Locale.ROOT, "%-27s %6s  %5d  %8.1f  %4d  %13.3f  %.3g%n",
                                Path.of(model).getFileName(), cfg, b, r.imagesPerSecond, r.runs, r.medianMs, r.maxDiff);
                        js.append(sep).append(String.format(Locale.ROOT,
                                "    {\"model\": \"%s\", \"sessions\": %d, \"threads\": %d, \"batch\": %d, "
                                        + "\"imagesPerSecond\": %.1f, \"runs\": %d, \"medianMsPerRun\": %.3f, "
                                        + "\"maxDiffVsSession0\": %.3g}",
                                Path.of(model).getFileName(), s, t, b, r.imagesPerSecond, r.runs, r.medianMs, r.maxDiff));
                        sep = ",\n";
                    }
                } catch (OrtException | RuntimeException e) {
                    System.out.println(Path.of(model).getFileName() + " " + cfg + ": FAILED " + e);
                    js.append(sep).append("    {\"model\": \"").append(Path.of(model).getFileName())
                            .append("\", \"config\": \"").append(cfg).append("\", \"error\": \"")
                            .append(String.valueOf(e.getMessage()).replace('"', '\'').replaceAll("\\s+", " "))
                            .append("\"}");
                    sep = ",\n";
                } finally {
                    for (OrtSession x : sessions) {
                        x.close();
                    }
                }
            }
        }
        js.append("\n  ]\n}\n");
        if (json != null) {
            Files.writeString(Path.of(json), js.toString());
        }
    }

    record Result(double imagesPerSecond, long runs, double medianMs, double maxDiff) {
    }

    static OrtSession open(OrtEnvironment env, String model, String device) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (device.equals("cuda")) {
                try {
                    o.addCUDA(0);
                } catch (OrtException | RuntimeException | LinkageError e) {
                    System.err.println("FATAL: addCUDA(0) failed: " + e);
                    System.exit(2);
                }
            }
            return env.createSession(model, o);
        }
    }

    /** One thread's buffers: input (deterministic values in 0..255) and pinned output. */
    static final class Io {
        final FloatBuffer in;
        final FloatBuffer out;
        final int batch;

        Io(int batch) {
            this.batch = batch;
            in = direct(batch * 3 * 256 * 256);
            out = direct(batch * 256 * 256);
            for (int i = 0; i < in.capacity(); i++) {
                // a smooth blob on a background: not all-zero, the same for every thread and batch index
                int p = i % (256 * 256);
                int x = p % 256 - 128;
                int y = p / 256 - 128;
                in.put(i, x * x + y * y < 60 * 60 ? 60f + (i % 7) : 200f - (i % 11));
            }
        }

        float[] run(OrtEnvironment env, OrtSession s) throws OrtException {
            String inName = s.getInputNames().iterator().next();
            String outName = s.getOutputNames().iterator().next();
            in.rewind();
            out.clear();
            try (OnnxTensor x = OnnxTensor.createTensor(env, in, new long[] {batch, 3, 256, 256});
                 OnnxTensor y = OnnxTensor.createTensor(env, out, new long[] {batch, 1, 256, 256});
                 OrtSession.Result r = s.run(Map.of(inName, x), Map.of(outName, y))) {
                float[] probs = new float[out.capacity()];
                out.get(0, probs);
                return probs;
            }
        }
    }

    static Result measure(OrtEnvironment env, List<OrtSession> sessions, int threads, int batch, double seconds)
            throws Exception {
        // the same batch through every session: they must agree
        Io check = new Io(batch);
        float[] ref = check.run(env, sessions.get(0));
        double maxDiff = 0;
        for (int i = 1; i < sessions.size(); i++) {
            float[] o = check.run(env, sessions.get(i));
            for (int k = 0; k < o.length; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(o[k] - ref[k]));
            }
        }
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        AtomicLong runs = new AtomicLong();
        long[] deadline = new long[1];
        List<double[]> times = new ArrayList<>();
        Thread[] ts = new Thread[threads];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            OrtSession s = sessions.get(t % sessions.size());
            double[] ms = new double[200_000];
            times.add(ms);
            ts[t] = new Thread(() -> {
                try {
                    Io io = null;
                    Throwable warm = null;
                    try {
                        io = new Io(batch);
                        for (int w = 0; w < 3; w++) {
                            io.run(env, s);
                        }
                    } catch (Throwable e) {
                        warm = e; // still meet the others at the barrier, or they wait for ever
                    }
                    start.await();
                    start.await(); // the main thread sets the deadline between the two
                    if (warm != null) {
                        throw warm;
                    }
                    int n = 0;
                    while (System.nanoTime() < deadline[0] && n < ms.length) {
                        long t0 = System.nanoTime();
                        io.run(env, s);
                        ms[n++] = (System.nanoTime() - t0) / 1e6;
                    }
                    ms[ms.length - 1] = n; // the count rides in the last slot
                    runs.addAndGet(n);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            ts[t].start();
        }
        start.await();
        long t0 = System.nanoTime();
        deadline[0] = t0 + (long) (seconds * 1e9);
        start.await();
        for (Thread th : ts) {
            th.join();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (failure[0] != null) {
            throw new RuntimeException(failure[0]);
        }
        List<Double> all = new ArrayList<>();
        for (double[] ms : times) {
            int n = (int) ms[ms.length - 1];
            for (int i = 0; i < n; i++) {
                all.add(ms[i]);
            }
        }
        all.sort(null);
        double median = all.isEmpty() ? Double.NaN : all.get(all.size() / 2);
        return new Result(runs.get() * batch / wall, runs.get(), median, maxDiff);
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
