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
 * <li>{@code auto}: ONNX Runtime; if its native library cannot load or the session cannot start, the
 * pure-Java engine, with the reason in {@link EngineInfo#fallbackReason()}.</li>
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

    private static SegmentationEngine createAuto(DeviceChoice device, ModelArtifacts artifacts)
            throws EngineException, ModelException {
        String onnxProblem;
        try {
            return createOnnx(device, artifacts);
        } catch (EngineException e) {
            onnxProblem = e.getMessage();
        }
        LOG.log(System.Logger.Level.WARNING, "falling back to the Java engine: " + onnxProblem);
        try {
            return createJava(device, artifacts, "ONNX Runtime unavailable: " + onnxProblem);
        } catch (EngineException e) {
            throw new EngineException("no engine can start: ONNX Runtime: " + onnxProblem + "; Java engine: "
                    + e.getMessage(), e);
        }
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
        return reason == null ? engine : new Labelled(engine, engine.info().withFallback(reason));
    }

    /** Null when ONNX Runtime's native library loads; otherwise why not. */
    public static String onnxRuntimeProblem() {
        try {
            org.dermaseg.inference.engine.onnx.OnnxEngine.environment();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "ONNX Runtime native library cannot load: " + e;
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
        public void close() {
            delegate.close();
        }
    }
}
