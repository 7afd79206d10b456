package org.dermaseg.inference.engine.purejava;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.RunGate;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * UltraLight VM-UNet in plain Java: no native code, so it runs wherever a JVM does. Reads the safetensors
 * weights after checking every tensor's name and shape against the model card; computes the same network as
 * model/vmunet.py (selective scan by its sequential definition) on the CPU, spreading channels, rows and
 * scan sequences over a small fixed thread pool. Thread-safe: each {@link #infer} call borrows a workspace
 * from a pool (created on first need, then reused), so concurrent calls never share buffers.
 *
 * <p>Threads: {@code -Ddermaseg.java.threads=N}, default the number of available processors.
 */
public final class JavaEngine implements SegmentationEngine {
    public static final String THREADS_PROPERTY = "dermaseg.java.threads";

    private final Network net;
    private final Parallel par;
    private final EngineInfo info;
    private final int height;
    private final int width;
    private final ConcurrentLinkedDeque<Workspace> workspaces = new ConcurrentLinkedDeque<>();
    /** Workspaces for one image on one thread (batches: one image per thread). */
    private final ConcurrentLinkedDeque<Workspace> serialWorkspaces = new ConcurrentLinkedDeque<>();
    private final Parallel serial = new Parallel(1);
    private final RunGate gate = new RunGate("Java engine", 30_000);

    /** The constructor {@link org.dermaseg.inference.engine.EngineFactory} reflects on. */
    public JavaEngine(ModelCard card, Path safetensors) throws ModelException {
        this(card, safetensors, defaultThreads());
    }

    public JavaEngine(ModelCard card, Path safetensors, int threads) throws ModelException {
        Weights weights = Weights.load(card, safetensors);
        this.height = card.inputHeight();
        this.width = card.inputWidth();
        this.net = new Network(weights, height, width);
        // the first workspace before the thread pool: running out of memory here then leaves no threads behind
        workspaces.push(new Workspace(net, threads));
        this.par = new Parallel(threads);
        this.info = new EngineInfo("java", "cpu", "pure Java " + Runtime.version().feature() + ", "
                + threads + (threads == 1 ? " thread" : " threads") + ", " + card.name() + " " + card.version(), null);
    }

    static int defaultThreads() {
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

    /** As many images per run as threads: each then runs on one thread (see {@link #forward}). */
    @Override
    public int preferredBatch() {
        return par.threads();
    }

    private void forward(float[] nchw, int batch, float[] out, int plane) throws EngineException {
        if (batch > 1 && par.threads() > 1) {
            forwardImagePerThread(nchw, batch, out, plane);
            return;
        }
        Workspace ws = workspaces.poll();
        if (ws == null) {
            ws = new Workspace(net, par.threads());
        }
        try {
            for (int b = 0; b < batch; b++) {
                net.forward(par, ws, nchw, b * 3 * plane, out, b * plane);
            }
        } catch (RuntimeException e) {
            throw new EngineException("Java engine inference failed: " + e, e);
        } finally {
            workspaces.push(ws);
        }
    }

    /**
     * Two or more images: each on one thread, whole, instead of every layer cut across the threads. Splitting
     * one image costs a hand-off per layer (about 60 per pass) and, on a busy machine, waits for a helper the
     * OS has not scheduled; whole images need neither (docs/performance.md).
     */
    private void forwardImagePerThread(float[] nchw, int batch, float[] out, int plane) throws EngineException {
        try {
            par.range(batch, 1, (slot, from, to) -> {
                Workspace ws = serialWorkspaces.poll();
                if (ws == null) {
                    ws = new Workspace(net, 1);
                }
                try {
                    for (int b = from; b < to; b++) {
                        net.forward(serial, ws, nchw, b * 3 * plane, out, b * plane);
                    }
                } finally {
                    serialWorkspaces.push(ws);
                }
            });
        } catch (RuntimeException e) {
            throw new EngineException("Java engine inference failed: " + e, e);
        }
    }

    @Override
    public void close() {
        gate.close(() -> {
            par.close();
            workspaces.clear();
            serialWorkspaces.clear();
        });
    }
}
