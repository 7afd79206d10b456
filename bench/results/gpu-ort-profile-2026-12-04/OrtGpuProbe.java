import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * ONNX Runtime's CUDA provider on given ONNX graphs, set up as the product's OnnxEngine sets it up (ALL_OPT,
 * sequential, CUDA device 0, input copied from a direct buffer, the output written into a pinned direct buffer):
 * median milliseconds per run at batch 1, 64 and 256 (random input, fixed seed), then a few profiled runs at
 * the second batch size (64) (ONNX Runtime's own profiler: one JSON event per node and run, with its provider).
 *
 * java -cp ort.jar:. -Donnxruntime.native.path=DIR OrtGpuProbe OUTDIR model.onnx...
 */
public final class OrtGpuProbe {
    /** PROBE_BATCHES (comma-separated) and PROBE_CPU=1 (no CUDA: a smoke test on a machine without a GPU). */
    private static final int[] BATCHES = Arrays.stream(System.getenv().getOrDefault("PROBE_BATCHES", "1,64,256")
            .split(",")).mapToInt(Integer::parseInt).toArray();
    private static final int THREADS = Integer.parseInt(System.getenv().getOrDefault("PROBE_THREADS", "1"));
    private static final int PROFILE_BATCH = BATCHES[Math.min(1, BATCHES.length - 1)];

    public static void main(String[] args) throws Exception {
        String out = args[0];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.println("providers " + OrtEnvironment.getAvailableProviders());
        for (int i = 1; i < args.length; i++) {
            String model = args[i];
            String name = model.replaceAll(".*/", "").replace(".onnx", "");
            try (OrtSession.SessionOptions opts = options(null);
                 OrtSession session = env.createSession(model, opts)) {
                for (int batch : BATCHES) {
                    double[] ms = time(env, session, batch, batch == 1 ? 100 : 15);
                    Arrays.sort(ms);
                    double median = ms[ms.length / 2];
                    System.out.printf("%s batch %d: median %.3f ms, min %.3f ms, %.0f images/s%n", name, batch, median,
                            ms[0], batch * 1000 / median);
                }
                if (THREADS > 1) {
                    concurrent(env, session, name);
                }
            } catch (Exception e) {
                System.out.println(name + " failed: " + e);
            }
            try (OrtSession.SessionOptions opts = options(out + "/ort-profile-" + name);
                 OrtSession session = env.createSession(model, opts)) {
                time(env, session, PROFILE_BATCH, 5);
                System.out.println(name + " profile " + session.endProfiling());
            } catch (Exception e) {
                System.out.println(name + " profile failed: " + e);
            }
        }
    }

    /** THREADS runs in flight on one session at once (each thread its own buffers), at the largest batch. */
    private static void concurrent(OrtEnvironment env, OrtSession session, String name) throws Exception {
        int batch = BATCHES[BATCHES.length - 1];
        int runs = 15;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
        long t0 = System.nanoTime();
        java.util.List<java.util.concurrent.Future<double[]>> all = new java.util.ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            all.add(pool.submit(() -> time(env, session, batch, runs)));
        }
        for (java.util.concurrent.Future<double[]> f : all) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        // each thread also ran 3 untimed warm-up runs: (runs + 3) per thread in the wall time
        System.out.printf("%s %d threads x batch %d: %.0f images/s over the whole wall time (warm-up runs included)%n",
                name, THREADS, batch, THREADS * (runs + 3) * batch / seconds);
    }

    private static OrtSession.SessionOptions options(String profile) throws Exception {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        opts.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
        opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        if (System.getenv("PROBE_CPU") == null) {
            opts.addCUDA(0);
        }
        if (profile != null) {
            opts.enableProfiling(profile);
        }
        return opts;
    }

    private static double[] time(OrtEnvironment env, OrtSession session, int batch, int runs) throws Exception {
        int plane = 256 * 256;
        FloatBuffer in = ByteBuffer.allocateDirect(batch * 3 * plane * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer outBuf = ByteBuffer.allocateDirect(batch * plane * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        Random r = new Random(42);
        for (int i = 0; i < batch * 3 * plane; i++) {
            in.put(i, r.nextFloat() * 255f);
        }
        String inName = session.getInputNames().iterator().next();
        String outName = session.getOutputNames().iterator().next();
        double[] ms = new double[runs];
        for (int k = -3; k < runs; k++) {
            long t0 = System.nanoTime();
            try (OnnxTensor input = OnnxTensor.createTensor(env, in, new long[] {batch, 3, 256, 256});
                 OnnxTensor output = OnnxTensor.createTensor(env, outBuf, new long[] {batch, 1, 256, 256});
                 OrtSession.Result ignored = session.run(Map.of(inName, input), Map.of(outName, output))) {
                if (k >= 0) {
                    ms[k] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        double sum = 0;
        for (int i = 0; i < plane; i++) {
            sum += outBuf.get(i);
        }
        System.out.printf("  (batch %d mean p of image 0: %.6f)%n", batch, sum / plane);
        return ms;
    }
}
