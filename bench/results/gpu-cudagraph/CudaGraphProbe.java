import static org.bytedeco.onnxruntime.global.onnxruntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_LOGGING_LEVEL_WARNING;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_SEQUENTIAL;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtArenaAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtDeviceAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtMemTypeDefault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.onnxruntime.Allocator;
import org.bytedeco.onnxruntime.CUDAProviderOptions;
import org.bytedeco.onnxruntime.Env;
import org.bytedeco.onnxruntime.IoBinding;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.RunOptions;
import org.bytedeco.onnxruntime.Session;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.StringStringMap;
import org.bytedeco.onnxruntime.Value;
import org.bytedeco.onnxruntime.ValueVector;

/**
 * Does a CUDA graph bring one image's inference under 2 ms? ONNX Runtime's CUDA graphs need the inputs and outputs
 * bound to device memory (IoBinding), which Microsoft's Java API lacks; bytedeco's JavaCPP API of the same ONNX
 * Runtime (1.24.1, the very natives the GPU check uses) exposes the C++ API, IoBinding included. Not product code:
 * an experiment, compiled alone (bench/results/gpu-cudagraph/README.md).
 *
 * <pre>
 * LD_LIBRARY_PATH=<folder of libonnxruntime.so.1 (+ CUDA's)> java -Dorg.bytedeco.javacpp.loadLibraries=false \
 *      -cp onnxruntime.jar:javacpp.jar:classes CudaGraphProbe --jni-dir <folder of libjnijavacpp.so, libjnionnxruntime.so>
 *      --device cpu|cuda --inputs inputs.f32 [--warmup W] [--runs R] [--batch-sizes 1,8,32] [--tp-runs R] model.onnx ...
 * (cudagraph-probe.sh does exactly this.)
 * </pre>
 * Per model and mode ({@code cpu}: CPU execution provider with plain Run, the reference; {@code cuda-io}: CUDA with
 * IoBinding to device buffers; {@code cuda-graph}: the same with {@code enable_cuda_graph=1}): parity of the 10 inputs
 * one at a time against the CPU reference (max |p difference|, mask pixels at 0.5 differing); batch-1 latency of
 * one image end to end (host to device copy, Run, device to host copy; the copies are Runs of an Identity model whose
 * input and output are bound to the host and device buffers) and of Run alone on
 * the bound buffers; throughput at the batch sizes (copies + Run). Sessions: optimisation level ALL, sequential.
 */
public final class CudaGraphProbe {
    private static final int SIDE = 256;
    private static final int PLANE = SIDE * SIDE;
    private static final int IMAGE = 3 * PLANE;

    public static void main(String[] args) throws Exception {
        String device = "cuda";
        Path inputsFile = null;
        Path jniDir = null;
        int warmup = 30;
        int runs = 200;
        int tpRuns = 20;
        int[] batchSizes = {1, 8, 32, 64};
        List<String> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device" -> device = args[++i];
                case "--inputs" -> inputsFile = Path.of(args[++i]);
                case "--jni-dir" -> jniDir = Path.of(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--tp-runs" -> tpRuns = Integer.parseInt(args[++i]);
                case "--batch-sizes" -> batchSizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                default -> models.add(args[i]);
            }
        }
        float[] inputs = readFloats(inputsFile);
        int n = inputs.length / IMAGE;
        long t0 = System.nanoTime();
        // bytedeco's presets inherit DNNL's and OpenCL's, whose JNI libraries this probe neither has nor needs
        // (libjnionnxruntime.so links libonnxruntime.so.1 alone): with -Dorg.bytedeco.javacpp.loadLibraries=false the
        // Loader stays out of the way and the two JNI libraries are loaded here from --jni-dir
        if (jniDir != null) {
            System.load(jniDir.resolve("libjnijavacpp.so").toAbsolutePath().toString());
            System.load(jniDir.resolve("libjnionnxruntime.so").toAbsolutePath().toString());
        } else {
            Loader.load(org.bytedeco.onnxruntime.global.onnxruntime.class);
        }
        System.out.printf(Locale.ROOT, "bytedeco ONNX Runtime loaded in %.0f ms; %d inputs%n", (System.nanoTime() - t0) / 1e6, n);
        Env env = new Env(ORT_LOGGING_LEVEL_WARNING, "cuda-graph-probe");
        int status = 0;
        for (String model : models) {
            System.out.println("== " + model);
            float[] reference = runAll(env, model, "cpu", inputs, n);
            if (device.equals("cpu")) {
                checkIdentityModel(env);
                for (String mode : new String[] {"cpu-io", "cpu-copy"}) {
                    float[] again = runAll(env, model, mode, inputs, n);
                    report(mode, reference, again);
                    timing(env, model, mode, inputs, warmup, runs, tpRuns, batchSizes);
                }
                continue;
            }
            for (String mode : new String[] {"cuda-io", "cuda-graph"}) {
                try {
                    float[] out = runAll(env, model, mode, inputs, n);
                    report(mode, reference, out);
                    timing(env, model, mode, inputs, warmup, runs, tpRuns, batchSizes);
                } catch (RuntimeException e) {
                    System.out.println(mode + ": FAILED: " + e);
                    status = 2;
                }
            }
        }
        System.exit(status);
    }

    /** One bound session: device (or host) buffers for one batch size, the copies in and out, Run. */
    private static final class Bound implements AutoCloseable {
        final Env env;
        final Session session;
        final int batch;
        final boolean plain;
        final boolean cuda;
        final FloatPointer hostIn;
        final FloatPointer hostOut;
        final Value hostInValue;
        final Value hostOutValue;
        final Value devIn;
        final Value devOut;
        final IoBinding binding;
        final RunOptions runOptions = new RunOptions();
        final Allocator allocator;

        Bound(Env env, String model, String mode, int batch) {
            this.env = env;
            this.batch = batch;
            this.plain = mode.equals("cpu");
            SessionOptions so = new SessionOptions();
            so.SetGraphOptimizationLevel(ORT_ENABLE_ALL);
            so.SetExecutionMode(ORT_SEQUENTIAL);
            so.SetIntraOpNumThreads(1);
            so.AddConfigEntry("session.intra_op.allow_spinning", "0");
            cuda = mode.startsWith("cuda");
            if (cuda) {
                appendCuda(so, mode.equals("cuda-graph"));
            }
            session = new Session(env, new BytePointer(model), so);
            long[] inShape = {batch, 3, SIDE, SIDE};
            long[] outShape = {batch, 1, SIDE, SIDE};
            MemoryInfo cpuInfo = MemoryInfo.CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
            hostIn = new FloatPointer((long) batch * IMAGE);
            hostOut = new FloatPointer((long) batch * PLANE);
            hostInValue = Value.CreateTensorFloat(cpuInfo.asOrtMemoryInfo(), hostIn, (long) batch * IMAGE,
                    new LongPointer(inShape), 4);
            hostOutValue = Value.CreateTensorFloat(cpuInfo.asOrtMemoryInfo(), hostOut, (long) batch * PLANE,
                    new LongPointer(outShape), 4);
            if (plain) {
                allocator = null;
                devIn = null;
                devOut = null;
                binding = null;
                return;
            }
            if (cuda) {
                MemoryInfo cudaInfo = new MemoryInfo("Cuda", OrtDeviceAllocator, 0, OrtMemTypeDefault);
                allocator = new Allocator(session, cudaInfo.asOrtMemoryInfo());
                devIn = Value.CreateTensor(allocator.asOrtAllocator(), new LongPointer(inShape), 4,
                        ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT);
                devOut = Value.CreateTensor(allocator.asOrtAllocator(), new LongPointer(outShape), 4,
                        ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT);
            } else if (mode.equals("cpu-copy")) {
                // the CUDA path's buffers and copies with the CPU provider: checks the copy logic where there is no GPU
                allocator = new Allocator(session, cpuInfo.asOrtMemoryInfo());
                devIn = Value.CreateTensor(allocator.asOrtAllocator(), new LongPointer(inShape), 4,
                        ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT);
                devOut = Value.CreateTensor(allocator.asOrtAllocator(), new LongPointer(outShape), 4,
                        ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT);
            } else {
                allocator = null;
                devIn = hostInValue;
                devOut = hostOutValue;
            }
            binding = new IoBinding(session);
            binding.BindInput("input", devIn);
            binding.BindOutput("prob", devOut);
        }

        /** images [first, first + batch) of {@code inputs} in, probabilities out (copied into {@code out}). */
        void run(float[] inputs, int first, float[] out, int outAt) {
            hostIn.put(inputs, first * IMAGE, batch * IMAGE);
            if (plain) {
                ValueVector r = session.Run(runOptions, new BytePointer("input"), hostInValue, 1, new BytePointer("prob"), 1);
                r.get(0).GetTensorMutableDataFloat().capacity((long) batch * PLANE).get(out, outAt, batch * PLANE);
                return;
            }
            copyIn();
            runBoundOnly();
            copyOut();
            hostOut.get(out, outAt, batch * PLANE);
        }

        /**
         * The copies are Runs of an Identity model, its input and output bound to the two tensors, so that ONNX
         * Runtime itself copies between host and device. Not Env.CopyTensors: it reports failure as a returned Status
         * (with the built-in CUDA provider it did not copy at all in the first device run), and bytedeco's ValueVector
         * may move the persistent Values out of the Java objects.
         */
        void copyIn() {
            if (devIn == hostInValue) {
                return;
            }
            if (identityInBinding == null) {
                identityInBinding = identityBinding(hostInValue, devIn);
            } else {
                // IoBinding copies a host input to the device when it is bound, not at each Run: bound once, every
                // Run fed the first image (run2-stale-input), so bind it again for each copy
                identityInBinding.BindInput("x", hostInValue);
            }
            identity.Run(runOptions, identityInBinding);
            // Run does not wait for a device output, and the model's session runs on another CUDA stream
            identityInBinding.SynchronizeOutputs();
        }

        void copyOut() {
            if (devOut == hostOutValue) {
                return;
            }
            if (identityOutBinding == null) {
                identityOutBinding = identityBinding(devOut, hostOutValue);
            }
            identity.Run(runOptions, identityOutBinding);
        }

        private IoBinding identityInBinding;
        private IoBinding identityOutBinding;

        private IoBinding identityBinding(Value from, Value to) {
            IoBinding b = new IoBinding(identity());
            b.BindInput("x", from);
            b.BindOutput("y", to);
            return b;
        }

        private Session identity() {
            if (identity == null) {
                SessionOptions so = new SessionOptions();
                if (cuda) {
                    appendCuda(so, false);
                }
                byte[] model = identityModel();
                BytePointer bytes = new BytePointer(model.length);
                bytes.put(model);
                identity = new Session(env, bytes, model.length, so);
            }
            return identity;
        }

        private Session identity;

        /** Run on the bound buffers, until its outputs are complete. */
        void runBoundOnly() {
            session.Run(runOptions, binding);
            binding.SynchronizeOutputs();
        }

        /** Everything this binding allocated, device memory first, so the next batch size starts from a free GPU. */
        @Override
        public void close() {
            for (IoBinding b : new IoBinding[] {binding, identityInBinding, identityOutBinding}) {
                if (b != null) {
                    b.close();
                }
            }
            if (devIn != null && devIn != hostInValue) {
                devIn.close();
                devOut.close();
            }
            if (allocator != null) {
                allocator.close();
            }
            if (identity != null) {
                identity.close();
            }
            session.close();
            hostInValue.close();
            hostOutValue.close();
            hostIn.close();
            hostOut.close();
        }
    }

    /** The CUDA provider on device 0, with a CUDA graph when asked. */
    private static void appendCuda(SessionOptions so, boolean graph) {
        CUDAProviderOptions options = new CUDAProviderOptions();
        StringStringMap m = new StringStringMap();
        m.put(new BytePointer("device_id"), new BytePointer("0"));
        if (graph) {
            m.put(new BytePointer("enable_cuda_graph"), new BytePointer("1"));
        }
        options.Update(m);
        so.AppendExecutionProvider_CUDA_V2(options.asOrtCUDAProviderOptionsV2());
    }

    /** An ONNX model y = Identity(x), float tensors of any shape, written as protobuf by hand (no onnx package). */
    static byte[] identityModel() {
        byte[] floatTensor = field(1, varintField(1, 1));                      // TypeProto.tensor_type.elem_type FLOAT
        byte[] x = cat(field(1, "x".getBytes()), field(2, floatTensor));      // ValueInfoProto
        byte[] y = cat(field(1, "y".getBytes()), field(2, floatTensor));
        byte[] node = cat(field(1, "x".getBytes()), field(2, "y".getBytes()), field(4, "Identity".getBytes()));
        byte[] graph = cat(field(1, node), field(2, "identity".getBytes()), field(11, x), field(12, y));
        byte[] opset = cat(field(1, new byte[0]), varintField(2, 13));
        return cat(varintField(1, 8), field(7, graph), field(8, opset));      // ir_version 8, graph, opset 13
    }

    private static byte[] field(int number, byte[] payload) {
        return cat(varint(number << 3 | 2), varint(payload.length), payload);
    }

    private static byte[] varintField(int number, long v) {
        return cat(varint(number << 3), varint(v));
    }

    private static byte[] varint(long v) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] cat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static float[] runAll(Env env, String model, String mode, float[] inputs, int n) {
        float[] out = new float[n * PLANE];
        long t0 = System.nanoTime();
        try (Bound b = new Bound(env, model, mode, 1)) {
            double openMs = (System.nanoTime() - t0) / 1e6;
            // twice: with a CUDA graph the first runs warm up and capture, later ones replay
            for (int pass = 0; pass < 3; pass++) {
                for (int i = 0; i < n; i++) {
                    b.run(inputs, i, out, i * PLANE);
                }
            }
            System.out.printf(Locale.ROOT, "%-10s session opened in %.0f ms%n", mode, openMs);
        }
        return out;
    }

    /** The hand-written Identity model opens and copies (CPU provider), so the CUDA fallback can rely on it. */
    private static void checkIdentityModel(Env env) {
        byte[] model = identityModel();
        BytePointer bytes = new BytePointer(model.length);
        bytes.put(model);
        Session s = new Session(env, bytes, model.length, new SessionOptions());
        MemoryInfo cpuInfo = MemoryInfo.CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
        FloatPointer in = new FloatPointer(1f, 2f, 3f);
        Value v = Value.CreateTensorFloat(cpuInfo.asOrtMemoryInfo(), in, 3, new LongPointer(new long[] {3}), 1);
        ValueVector r = s.Run(new RunOptions(), new BytePointer("x"), v, 1, new BytePointer("y"), 1);
        float[] got = new float[3];
        r.get(0).GetTensorMutableDataFloat().capacity(3).get(got);
        System.out.println("identity model: " + Arrays.toString(got));
        s.close();
    }

    private static void report(String mode, float[] reference, float[] out) {
        double max = 0;
        int pixels = 0;
        for (int i = 0; i < out.length; i++) {
            max = Math.max(max, Math.abs(out[i] - reference[i]));
            if ((out[i] >= 0.5f) != (reference[i] >= 0.5f)) {
                pixels++;
            }
        }
        long lesion = 0;
        for (float v : reference) {
            lesion += v >= 0.5f ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%-10s parity vs cpu, %d images one at a time: max |diff| %.3g, mask pixels differing %d of %d (cpu: %.1f %% lesion)%n",
                mode, out.length / PLANE, max, pixels, out.length, 100.0 * lesion / reference.length);
    }

    private static void timing(Env env, String model, String mode, float[] inputs, int warmup, int runs, int tpRuns,
                               int[] batchSizes) {
        int n = inputs.length / IMAGE;
        try (Bound b = new Bound(env, model, mode, 1)) {
            float[] out = new float[PLANE];
            double[] full = new double[runs];
            double[] bound = new double[runs];
            for (int i = 0; i < warmup; i++) {
                b.run(inputs, i % n, out, 0);
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                b.run(inputs, i % n, out, 0);
                full[i] = (System.nanoTime() - t0) / 1e6;
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                b.runBoundOnly();
                bound[i] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.printf(Locale.ROOT, "%-10s batch 1, %d runs after %d: end to end (copy in, Run, copy out) median %.3f ms, p95 %.3f; Run alone median %.3f ms, p95 %.3f%n",
                    mode, runs, warmup, pct(full, 50), pct(full, 95), pct(bound, 50), pct(bound, 95));
        }
        for (int bs : batchSizes) {
            if (bs <= 1) {
                continue;
            }
            float[] batchInputs = new float[bs * IMAGE];
            for (int i = 0; i < bs; i++) {
                System.arraycopy(inputs, (i % n) * IMAGE, batchInputs, i * IMAGE, IMAGE);
            }
            try (Bound b = new Bound(env, model, mode, bs)) {
                float[] out = new float[bs * PLANE];
                for (int i = 0; i < 3; i++) {
                    b.run(batchInputs, 0, out, 0);
                }
                double[] t = new double[tpRuns];
                for (int i = 0; i < tpRuns; i++) {
                    long t0 = System.nanoTime();
                    b.run(batchInputs, 0, out, 0);
                    t[i] = (System.nanoTime() - t0) / 1e6;
                }
                double[] r = new double[tpRuns];
                for (int i = 0; i < tpRuns; i++) {
                    long t0 = System.nanoTime();
                    b.runBoundOnly();
                    r[i] = (System.nanoTime() - t0) / 1e6;
                }
                System.out.printf(Locale.ROOT, "%-10s batch %d: median %.3f ms a run with copies = %.0f images/s; Run alone %.3f ms = %.0f images/s%n",
                        mode, bs, pct(t, 50), bs * 1000 / pct(t, 50), pct(r, 50), bs * 1000 / pct(r, 50));
            } catch (RuntimeException e) {
                System.out.println(mode + " batch " + bs + ": FAILED: " + e);
            }
        }
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static float[] readFloats(Path p) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(f);
        return f;
    }
}
