package org.dermaseg.inference.engine.purejava.lightm;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.dermaseg.inference.engine.purejava.JavaNetwork;
import org.dermaseg.inference.engine.purejava.JavaNetworkLoader;
import org.dermaseg.inference.engine.purejava.Parallel;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * LightM-UNet (Liao et al., arXiv 2403.05246) for the pure-Java engine: the {@link LightMNetwork} with its
 * thread pool and a pool of {@link LightMWorkspace}s (created on first need, then reused), so concurrent
 * forward passes never share buffers. {@link org.dermaseg.inference.engine.purejava.JavaEngine} adds the
 * input checks, batches, the run gate and the engine description.
 */
public final class LightMUNetNetwork implements JavaNetwork {
    /** The {@code architecture.type} of LightM-UNet cards. */
    public static final String TYPE = "lightm-unet";

    private final LightMNetwork net;
    private final Parallel par;
    private final ConcurrentLinkedDeque<LightMWorkspace> workspaces = new ConcurrentLinkedDeque<>();

    private LightMUNetNetwork(ModelCard card, Path safetensors, int threads) throws ModelException {
        LightMWeights weights = LightMWeights.load(card, safetensors);
        this.net = new LightMNetwork(weights, card.inputHeight(), card.inputWidth());
        // the first workspace before the thread pool: running out of memory here then leaves no threads behind
        workspaces.push(new LightMWorkspace(net, threads));
        this.par = new Parallel(threads);
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        LightMWorkspace ws = workspaces.poll();
        if (ws == null) {
            ws = new LightMWorkspace(net, par.threads());
        }
        try {
            net.forward(par, ws, in, inOff, out, outOff);
        } finally {
            workspaces.push(ws);
        }
    }

    @Override
    public void close() {
        par.close();
        workspaces.clear();
    }

    /** Registered in META-INF/services/org.dermaseg.inference.engine.purejava.JavaNetworkLoader. */
    public static final class Loader implements JavaNetworkLoader {
        @Override
        public String architectureType() {
            return TYPE;
        }

        @Override
        public JavaNetwork load(ModelCard card, Path safetensors, int threads) throws ModelException {
            return new LightMUNetNetwork(card, safetensors, threads);
        }
    }
}
