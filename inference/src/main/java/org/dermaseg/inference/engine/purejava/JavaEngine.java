package org.dermaseg.inference.engine.purejava;

import java.nio.file.Path;

import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.RunGate;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * The pure-Java engine: no native code, so it runs wherever a JVM does. Runs the {@link JavaNetwork} for the
 * card's {@code architecture.type} ({@link JavaNetworks}), which checks every tensor of the safetensors weights
 * against the card and computes the same network as the PyTorch model on the CPU. Thread-safe: concurrent
 * {@link #infer} calls are the network's to keep apart; {@link #close()} waits for the runs in progress.
 *
 * <p>Threads: {@code -Ddermaseg.java.threads=N}, default the number of available processors.
 */
public final class JavaEngine implements SegmentationEngine {
    public static final String THREADS_PROPERTY = "dermaseg.java.threads";

    private final JavaNetwork net;
    private final EngineInfo info;
    private final int height;
    private final int width;
    private final int threads;
    private final RunGate gate = new RunGate("Java engine", 30_000);

    /** The engine {@link org.dermaseg.inference.engine.EngineFactory} starts. */
    public JavaEngine(ModelCard card, Path safetensors) throws ModelException {
        this(card, safetensors, defaultThreads());
    }

    public JavaEngine(ModelCard card, Path safetensors, int threads) throws ModelException {
        JavaNetworkLoader loader = JavaNetworks.forType(card.architectureType());
        if (loader == null) {
            throw new ModelException("the pure-Java engine has no network for architecture \""
                    + card.architectureType() + "\" (model " + card.id() + "); it knows " + JavaNetworks.types());
        }
        this.height = card.inputHeight();
        this.width = card.inputWidth();
        this.threads = threads;
        this.net = loader.load(card, safetensors, threads);
        this.info = new EngineInfo("java", "cpu", "pure Java " + Runtime.version().feature() + ", "
                + threads + (threads == 1 ? " thread" : " threads") + ", " + card.name() + " " + card.version(), null);
    }

    public static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p != null) {
            try {
                int n = Integer.parseInt(p.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the processor count
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public float[] infer(float[] nchw, int batch) throws EngineException {
        int plane = SegmentationEngine.checkInput(nchw, batch, height, width);
        float[] out = new float[batch * plane];
        infer(nchw, batch, out);
        return out;
    }

    /** As {@link #infer(float[], int)}, into a caller's array of {@code batch * H * W} floats. */
    public void infer(float[] nchw, int batch, float[] out) throws EngineException {
        int plane = width * height;
        if (batch <= 0 || out.length < batch * plane || nchw.length < batch * 3 * plane) {
            throw new IllegalArgumentException("arrays too small for batch " + batch);
        }
        gate.run(() -> {
            forward(nchw, batch, out, plane);
            return null;
        });
    }

    /** As many images per run as threads: each then runs on one thread (see {@link JavaNetwork#forwardBatch}). */
    @Override
    public int preferredBatch() {
        return threads;
    }

    private void forward(float[] nchw, int batch, float[] out, int plane) throws EngineException {
        try {
            if (batch == 1) {
                net.forward(nchw, 0, out, 0);
            } else {
                net.forwardBatch(nchw, batch, out, plane);
            }
        } catch (RuntimeException e) {
            throw new EngineException("Java engine inference failed: " + e, e);
        }
    }

    @Override
    public void close() {
        gate.close(net::close);
    }
}
