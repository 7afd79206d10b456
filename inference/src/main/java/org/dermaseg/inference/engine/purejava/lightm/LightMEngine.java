package org.dermaseg.inference.engine.purejava.lightm;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.RunGate;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.engine.purejava.JavaEngine;
import org.dermaseg.inference.engine.purejava.Parallel;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * LightM-UNet in plain Java, the pure-Java engine for cards whose architecture type is {@code lightm-unet}.
 * Its {@code (ModelCard, Path)} constructor has the shape of
 * {@link org.dermaseg.inference.engine.JavaEngineProvider}, so a registry maps the type to
 * {@code LightMEngine::new}. Same contract as UltraLight's {@link JavaEngine}: weights checked tensor by tensor
 * against the card, thread-safe through a pool of workspaces, threads from {@code -Ddermaseg.java.threads}.
 */
public final class LightMEngine implements SegmentationEngine {
    public static final String ARCHITECTURE_TYPE = "lightm-unet";

    private final LightMNetwork net;
    private final Parallel par;
    private final EngineInfo info;
    private final int height;
    private final int width;
    private final ConcurrentLinkedDeque<LightMWorkspace> workspaces = new ConcurrentLinkedDeque<>();
    private final RunGate gate = new RunGate("Java engine", 30_000);

    public LightMEngine(ModelCard card, Path safetensors) throws ModelException {
        this(card, safetensors, JavaEngine.defaultThreads());
    }

    public LightMEngine(ModelCard card, Path safetensors, int threads) throws ModelException {
        LightMWeights weights = LightMWeights.load(card, safetensors);
        this.height = card.inputHeight();
        this.width = card.inputWidth();
        this.net = new LightMNetwork(weights, height, width);
        // the first workspace before the thread pool: running out of memory here then leaves no threads behind
        workspaces.push(new LightMWorkspace(net, threads));
        this.par = new Parallel(threads);
        this.info = new EngineInfo("java", "cpu", "pure Java " + Runtime.version().feature() + ", "
                + threads + (threads == 1 ? " thread" : " threads") + ", " + card.name() + " " + card.version(), null);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public float[] infer(float[] nchw, int batch) throws EngineException {
        int plane = SegmentationEngine.checkInput(nchw, batch, height, width);
        float[] out = new float[batch * plane];
        gate.run(() -> {
            forward(nchw, batch, out, plane);
            return null;
        });
        return out;
    }

    private void forward(float[] nchw, int batch, float[] out, int plane) throws EngineException {
        LightMWorkspace ws = workspaces.poll();
        if (ws == null) {
            ws = new LightMWorkspace(net, par.threads());
        }
        try {
            float[] one = batch == 1 ? nchw : new float[3 * plane];
            float[] prob = batch == 1 ? out : new float[plane];
            for (int b = 0; b < batch; b++) {
                if (batch > 1) {
                    System.arraycopy(nchw, b * 3 * plane, one, 0, 3 * plane);
                }
                net.forward(par, ws, one, prob);
                if (batch > 1) {
                    System.arraycopy(prob, 0, out, b * plane, plane);
                }
            }
        } catch (RuntimeException e) {
            throw new EngineException("Java engine inference failed: " + e, e);
        } finally {
            workspaces.push(ws);
        }
    }

    @Override
    public void close() {
        gate.close(() -> {
            par.close();
            workspaces.clear();
        });
    }
}
