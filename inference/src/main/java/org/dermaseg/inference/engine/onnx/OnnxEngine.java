package org.dermaseg.inference.engine.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.NativeCalls;
import org.dermaseg.inference.engine.RunGate;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelCard;

/**
 * ONNX Runtime engine. One session, shared by all threads ({@code OrtSession.run} is thread-safe).
 * Device: CUDA execution provider when asked (or when {@code auto} and the runtime build has it), otherwise
 * CPU; a CUDA failure falls back to CPU and says why in {@link EngineInfo#fallbackReason()}.
 * Closing waits for the runs in progress ({@link RunGate}).
 */
public final class OnnxEngine implements SegmentationEngine {
    private static final System.Logger LOG = System.getLogger(OnnxEngine.class.getName());

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final int width;
    private final int height;
    private final EngineInfo info;
    private final RunGate gate = new RunGate("ONNX Runtime engine", 30_000);
    /** Buffers of finished runs, for the next ones (see {@link RunBuffers}); a few at most. */
    private final ConcurrentLinkedDeque<RunBuffers> spare = new ConcurrentLinkedDeque<>();
    private static final int MAX_SPARE = 4;

    private OnnxEngine(OrtEnvironment env, OrtSession session, ModelCard card, EngineInfo info) {
        this.env = env;
        this.session = session;
        this.inputName = card.onnxInputName();
        this.outputName = card.onnxOutputName();
        this.width = card.inputWidth();
        this.height = card.inputHeight();
        this.info = info;
    }

    /** ONNX Runtime's environment; throws (IllegalStateException / LinkageError) when the native library cannot load. */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** Execution providers compiled into this ONNX Runtime build. */
    public static EnumSet<OrtProvider> providers() {
        environment();
        return OrtEnvironment.getAvailableProviders();
    }

    public static boolean cudaCompiledIn() {
        return providers().contains(OrtProvider.CUDA);
    }

    public static String runtimeVersion() {
        return environment().getVersion();
    }

    /**
     * @param onnxFile a verified model file
     * @param device where to run; CUDA problems fall back to CPU (reason in info)
     */
    public static OnnxEngine open(Path onnxFile, ModelCard card, DeviceChoice device) throws EngineException {
        boolean cudaBuilt = cudaCompiledIn();
        String reason = null;
        if (device == DeviceChoice.CUDA || (device == DeviceChoice.AUTO && cudaBuilt)) {
            try {
                return openCuda(onnxFile, card);
            } catch (EngineException e) {
                reason = e.getMessage();
            }
            LOG.log(System.Logger.Level.WARNING, "ONNX Runtime falls back to CPU: " + reason);
        }
        return openCpu(onnxFile, card, reason);
    }

    /** A session on the CUDA execution provider, or an {@link EngineException} saying why there is none. */
    public static OnnxEngine openCuda(Path onnxFile, ModelCard card) throws EngineException {
        OrtEnvironment env = environment();
        String missing = cudaProblemBeforeSession();
        if (missing != null) {
            throw new EngineException(missing);
        }
        OrtSession s;
        try {
            s = createSession(env, onnxFile, true);
        } catch (OrtException | RuntimeException | LinkageError e) {
            throw new EngineException("CUDA execution provider failed to start: " + oneLine(String.valueOf(e.getMessage()))
                    + " (" + OnnxNatives.cudaEnvironment() + ")" + OnnxNatives.cudaHint(), e);
        }
        return checked(new OnnxEngine(env, s, card,
                new EngineInfo("onnx", "cuda", detail(env, "CUDAExecutionProvider"), null)));
    }

    /** A session on the CPU execution provider; {@code reason} (may be null) says why not CUDA when asked. */
    public static OnnxEngine openCpu(Path onnxFile, ModelCard card, String reason) throws EngineException {
        OrtEnvironment env = environment();
        try {
            OrtSession s = createSession(env, onnxFile, false);
            return checked(new OnnxEngine(env, s, card, new EngineInfo("onnx", "cpu",
                    detail(env, "CPUExecutionProvider"), reason)));
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime cannot open " + onnxFile + ": " + oneLine(e.getMessage()), e);
        }
    }

    /**
     * Null when this runtime build lists the CUDA execution provider; else why CUDA cannot even be tried. A
     * listed provider may still fail when its session starts (CUDA libraries missing, no GPU): {@link #openCuda}.
     */
    public static String cudaProblemBeforeSession() {
        EnumSet<OrtProvider> providers = providers();
        if (!providers.contains(OrtProvider.CUDA)) {
            return "this ONNX Runtime build has no CUDA execution provider (available: " + providers + "; natives: "
                    + OnnxNatives.source() + ")" + OnnxNatives.cudaHint();
        }
        return null;
    }

    private static OrtSession createSession(OrtEnvironment env, Path file, boolean cuda) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            // the graph is a chain; parallel operator scheduling only adds thread hand-offs
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            // No busy-waiting between operators: with another thread busy (the GUI drawing, a batch decoding
            // and encoding beside inference) spinning threads fight it for the cores. Measured with `bench` on
            // 2 cores and one core loaded: median 114.8 ms spinning, 70.8 ms not; idle: 61.3 vs 62.0 ms.
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (cuda) {
                opts.addCUDA(0);
            }
            return NativeCalls.run(() -> env.createSession(file.toString(), opts));
        }
    }

    private static String detail(OrtEnvironment env, String provider) {
        return "ONNX Runtime " + env.getVersion() + ", " + provider + ", intra-op threads "
                + Runtime.getRuntime().availableProcessors() + " (no spinning), graph optimisation ALL";
    }

    private static OnnxEngine checked(OnnxEngine e) throws EngineException {
        if (!e.session.getInputNames().contains(e.inputName) || !e.session.getOutputNames().contains(e.outputName)) {
            String msg = "ONNX model has inputs " + e.session.getInputNames() + " and outputs "
                    + e.session.getOutputNames() + ", the card names input \"" + e.inputName + "\" and output \""
                    + e.outputName + "\"";
            e.close();
            throw new EngineException(msg);
        }
        String shape = e.outputShapeProblem();
        if (shape != null) {
            e.close();
            throw new EngineException(shape);
        }
        return e;
    }

    /** Null when the output is N x 1 x height x width (runs write it into a buffer of that shape); else why not. */
    private String outputShapeProblem() throws EngineException {
        try {
            if (session.getOutputInfo().get(outputName).getInfo() instanceof TensorInfo t) {
                long[] d = t.getShape();
                boolean ok = d.length == 4 && d[1] == 1 && (d[2] < 0 || d[2] == height) && (d[3] < 0 || d[3] == width);
                return ok ? null : "ONNX model output \"" + outputName + "\" has shape " + java.util.Arrays.toString(d)
                        + ", expected [N, 1, " + height + ", " + width + "] (the card's input size)";
            }
            return "ONNX model output \"" + outputName + "\" is not a tensor";
        } catch (OrtException ex) {
            throw new EngineException("ONNX Runtime cannot describe the model's output: " + oneLine(ex.getMessage()), ex);
        }
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /**
     * CUDA: 32 images per run (H200, 2026-12-02: 1,396 images/s at 32 against 902 at 8 and 1,468 at 64, so
     * 32 gets nearly all of it with half the memory of 64; the product's bench, 2026-12-03: 904-1,012 at 32,
     * 983-1,089 at 64); CPU: 1, a batch is no faster per image there.
     */
    @Override
    public int preferredBatch() {
        return info.device().equals("cuda") ? CUDA_BATCH : 1;
    }

    static final int CUDA_BATCH = 32;

    @Override
    public float[] infer(float[] nchw, int batch) throws EngineException {
        int plane = SegmentationEngine.checkInput(nchw, batch, height, width);
        long[] shape = {batch, 3, height, width};
        return gate.run(() -> NativeCalls.run(() -> run(nchw, batch, plane, shape)));
    }

    private float[] run(float[] nchw, int batch, int plane, long[] shape) throws EngineException {
        RunBuffers io = take(batch, plane);
        try {
            io.in.clear();
            io.in.put(nchw).flip();
            io.out.clear().limit(batch * plane); // a tensor covers a buffer's remaining values
            // the output is written into io.out (a pinned output): no buffer of ONNX Runtime's to copy out of
            try (OnnxTensor input = OnnxTensor.createTensor(env, io.in, shape);
                 OnnxTensor output = OnnxTensor.createTensor(env, io.out, new long[] {batch, 1, height, width});
                 OrtSession.Result ignored = session.run(Map.of(inputName, input), Map.of(outputName, output))) {
                float[] probs = new float[batch * plane];
                io.out.get(0, probs);
                return probs;
            }
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime inference failed: " + oneLine(e.getMessage()), e);
        } finally {
            giveBack(io);
        }
    }

    /**
     * Direct, native-order buffers for one run's input and output, reused from run to run: given a heap array,
     * ONNX Runtime's Java API copies it into a direct buffer it allocates (and zeroes) for every run, and the
     * output was copied twice (into a new buffer, then into the array); at 32 images a run that is 25 MB in
     * and 8 MB out each time. One set per run in progress, so concurrent runs never share one; a set serves
     * any run of up to {@code images} images (a batch takes what is waiting, so its size varies). A class, not a
     * record: the spare list finds its entries by identity (a record's equals would compare buffer contents).
     */
    private static final class RunBuffers {
        final int images;
        final FloatBuffer in;
        final FloatBuffer out;

        private RunBuffers(int images, int plane) {
            this.images = images;
            this.in = direct(Math.multiplyExact(images, 3 * plane));
            this.out = direct(Math.multiplyExact(images, plane));
        }

        private static FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
    }

    /** A spare set large enough for {@code batch} images, or a new one of that size. */
    private RunBuffers take(int batch, int plane) {
        for (RunBuffers b : spare) {
            if (b.images >= batch && spare.remove(b)) {
                return b;
            }
        }
        return new RunBuffers(batch, plane);
    }

    /** Keeps at most {@link #MAX_SPARE} sets, the largest ones: they serve every smaller run. */
    private void giveBack(RunBuffers io) {
        spare.push(io);
        while (spare.size() > MAX_SPARE) {
            RunBuffers smallest = null;
            for (RunBuffers b : spare) {
                if (smallest == null || b.images < smallest.images) {
                    smallest = b;
                }
            }
            if (smallest == null || !spare.remove(smallest)) {
                break; // another thread took it meanwhile
            }
        }
    }

    @Override
    public void close() {
        gate.close(() -> {
            try {
                NativeCalls.run(() -> {
                    session.close();
                    return null;
                });
            } catch (OrtException e) {
                LOG.log(System.Logger.Level.WARNING, "closing ONNX session: " + e.getMessage());
            }
        });
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "no message";
        }
        return s.replaceAll("\\s+", " ").trim();
    }
}
