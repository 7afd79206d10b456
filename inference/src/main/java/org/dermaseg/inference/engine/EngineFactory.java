package org.dermaseg.inference.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dermaseg.inference.engine.purejava.JavaEngine;
import org.dermaseg.inference.engine.purejava.JavaNetworks;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelException;

/**
 * Picks and starts an engine.
 * <ul>
 * <li>{@code onnx}: ONNX Runtime (device per {@link DeviceChoice}, CUDA problems fall back to CPU).</li>
 * <li>{@code java}: the pure-Java engine (CPU only), running the network registered for the card's
 * architecture type ({@link JavaNetworks}).</li>
 * <li>{@code auto}: the fastest engine with the same answer: ONNX Runtime on CUDA when that starts, else
 * the faster CPU engine measured on this kind of machine (today the pure-Java engine), else the other one;
 * why, in {@link EngineInfo#choiceReason()} (and {@link EngineInfo#fallbackReason()} when it is not what
 * was asked for).</li>
 * </ul>
 * A model file that fails its SHA-256 check is fatal ({@link ModelException}) whatever the choice: falling
 * back would hide a damaged installation.
 */
public final class EngineFactory {
    private static final System.Logger LOG = System.getLogger(EngineFactory.class.getName());
    /** The pure-Java engine as the application starts it. */
    private static final JavaEngineProvider PURE_JAVA = JavaEngine::new;

    private static volatile JavaEngineProvider javaProvider;

    private EngineFactory() {
    }

    /** Replaces the pure-Java engine (tests start stand-ins); null restores {@link JavaEngine}. */
    public static void registerJavaEngine(JavaEngineProvider provider) {
        javaProvider = provider;
    }

    public static SegmentationEngine create(EngineChoice engine, DeviceChoice device, ModelArtifacts artifacts)
            throws EngineException, ModelException {
        return switch (engine) {
            case ONNX -> createOnnx(device, artifacts);
            case JAVA -> createJava(device, artifacts, null);
            case AUTO -> createAuto(device, artifacts);
        };
    }

    /**
     * The fastest engine that gives the same answer: CUDA through ONNX Runtime when it starts, else the faster
     * CPU engine ({@link #FASTER_CPU_ENGINE}), else the other one. Both model files are verified first, so a
     * damaged installation is fatal whichever engine would have run.
     */
    private static SegmentationEngine createAuto(DeviceChoice device, ModelArtifacts artifacts)
            throws EngineException, ModelException {
        artifacts.verifiedOnnx();
        artifacts.verifiedSafetensors();
        String noCuda;
        if (device == DeviceChoice.CPU) {
            noCuda = "--device cpu";
        } else {
            noCuda = cudaProblem();
            if (noCuda == null) {
                try {
                    SegmentationEngine cuda = org.dermaseg.inference.engine.onnx.OnnxEngine.openCuda(
                            artifacts.verifiedOnnx(), artifacts.card());
                    return relabel(cuda, cuda.info().withChoice("CUDA through ONNX Runtime works here: the fastest engine"));
                } catch (EngineException e) {
                    // provider listed but its session does not start (CUDA libraries or GPU missing)
                    noCuda = e.getMessage();
                }
            }
        }
        // asked for CUDA and did not get it: a fallback; asked for auto or cpu: simply the choice
        String fallback = device == DeviceChoice.CUDA ? "CUDA unavailable: " + noCuda : null;
        // asked for cuda: the fallback reason already says why not
        String why = "the faster CPU engine on " + FASTER_CPU_MEASURED
                + (device == DeviceChoice.AUTO ? "; no CUDA: " + noCuda : "");
        EngineChoice first = FASTER_CPU_ENGINE;
        EngineChoice second = first == EngineChoice.JAVA ? EngineChoice.ONNX : EngineChoice.JAVA;
        String firstProblem;
        try {
            SegmentationEngine e = createCpu(first, artifacts, fallback);
            return relabel(e, e.info().withChoice(why));
        } catch (EngineException e) {
            firstProblem = e.getMessage();
        }
        LOG.log(System.Logger.Level.WARNING, "auto: " + first + " cannot start, using " + second + ": " + firstProblem);
        String label = first == EngineChoice.JAVA ? "Java engine" : "ONNX Runtime";
        try {
            SegmentationEngine e = createCpu(second, artifacts, fallback);
            return relabel(e, e.info().withFallback(label + " unavailable: " + firstProblem)
                    .withChoice("the faster CPU engine (" + first + ") cannot start here"));
        } catch (EngineException e) {
            String secondLabel = second == EngineChoice.JAVA ? "Java engine" : "ONNX Runtime";
            throw new EngineException("no engine can start: " + label + ": " + firstProblem + "; " + secondLabel
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The CPU engine {@code auto} prefers. Measured with {@code bench} (engines taking turns, 4 runs each) on the
     * 2-core development machine, ONNX Runtime 1.24.1, after the 2026-12-03 lean re-export of the ONNX graphs:
     * end to end (file to mask) the Java engine took 24-27 ms per image, ONNX Runtime 30-39 ms; a 400-image batch
     * ran at 29-32 against 25-29 images/s (2 runs each). On its own, one 256x256 inference is about even (median
     * Java 12-21 ms, ONNX Runtime 16-23 ms); before the re-export ONNX Runtime took 134 ms. Same masks
     * (golden-parity tests).
     */
    static final EngineChoice FASTER_CPU_ENGINE = EngineChoice.JAVA;
    static final String FASTER_CPU_MEASURED =
            "this kind of machine (bench, 2 cores: end to end java 24-27 ms vs onnx 30-39 ms per image)";

    private static SegmentationEngine createCpu(EngineChoice engine, ModelArtifacts artifacts, String fallback)
            throws EngineException, ModelException {
        if (engine == EngineChoice.JAVA) {
            return createJava(DeviceChoice.CPU, artifacts, fallback);
        }
        String problem = onnxRuntimeProblem();
        if (problem != null) {
            throw new EngineException(problem);
        }
        return org.dermaseg.inference.engine.onnx.OnnxEngine.openCpu(artifacts.verifiedOnnx(), artifacts.card(), fallback);
    }

    /**
     * Null when a CUDA session can be tried with ONNX Runtime here (native library loads, CUDA provider compiled
     * in); else why not. Whether the session then starts is only known by starting it.
     */
    public static String cudaProblem() {
        String problem = onnxRuntimeProblem();
        if (problem != null) {
            return problem;
        }
        return org.dermaseg.inference.engine.onnx.OnnxEngine.cudaProblemBeforeSession();
    }

    private static SegmentationEngine relabel(SegmentationEngine engine, EngineInfo info) {
        return info.equals(engine.info()) ? engine : new Labelled(engine, info);
    }

    private static SegmentationEngine createOnnx(DeviceChoice device, ModelArtifacts artifacts)
            throws EngineException, ModelException {
        String problem = onnxRuntimeProblem();
        if (problem != null) {
            throw new EngineException(problem);
        }
        Path file = artifacts.verifiedOnnx();
        return org.dermaseg.inference.engine.onnx.OnnxEngine.open(file, artifacts.card(), device);
    }

    private static SegmentationEngine createJava(DeviceChoice device, ModelArtifacts artifacts, String reason)
            throws EngineException, ModelException {
        JavaEngineProvider provider = javaProvider != null ? javaProvider : PURE_JAVA;
        return createJava(provider, device, artifacts, reason);
    }

    /** Package-private for tests. */
    static SegmentationEngine createJava(JavaEngineProvider provider, DeviceChoice device, ModelArtifacts artifacts,
                                         String reason) throws EngineException, ModelException {
        Path weights = artifacts.verifiedSafetensors();
        SegmentationEngine engine;
        try {
            engine = provider.create(artifacts.card(), weights);
        } catch (Exception | LinkageError e) {
            throw new EngineException("the pure-Java engine failed to start: " + e, e);
        }
        if (device == DeviceChoice.CUDA) {
            reason = reason == null ? "the Java engine runs on the CPU only" : reason + "; the Java engine runs on the CPU only";
        }
        return reason == null ? engine : relabel(engine, engine.info().withFallback(reason));
    }

    /** Null when ONNX Runtime's native library loads; otherwise why not. */
    public static String onnxRuntimeProblem() {
        try {
            org.dermaseg.inference.engine.onnx.OnnxEngine.environment();
            return null;
        } catch (LinkageError | RuntimeException e) {
            String folder = org.dermaseg.inference.engine.onnx.OnnxNatives.folderProblem();
            return "ONNX Runtime native library cannot load (" + org.dermaseg.inference.engine.onnx.OnnxNatives.source()
                    + "): " + e + (folder == null ? "" : "; " + folder);
        }
    }

    /** True when the pure-Java engine has a network for at least one architecture type. */
    public static boolean javaEngineAvailable() {
        return javaProvider != null || !JavaNetworks.types().isEmpty();
    }

    /** Engines that can start on this machine, e.g. ["onnx/cpu", "java/cpu"]. */
    public static List<String> availableEngines() {
        List<String> out = new ArrayList<>();
        if (onnxRuntimeProblem() == null) {
            out.add("onnx/cpu");
            if (org.dermaseg.inference.engine.onnx.OnnxEngine.cudaCompiledIn()) {
                out.add("onnx/cuda");
            }
        }
        if (javaEngineAvailable()) {
            out.add("java/cpu");
        }
        return out;
    }

    /** Wraps an engine to report a different {@link EngineInfo} (fallback reason added). */
    private record Labelled(SegmentationEngine delegate, EngineInfo info) implements SegmentationEngine {
        @Override
        public float[] infer(float[] nchw, int batch) throws EngineException {
            return delegate.infer(nchw, batch);
        }

        @Override
        public int preferredBatch() {
            return delegate.preferredBatch();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
