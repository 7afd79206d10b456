package org.dermaseg.inference.engine.purejava.ultralight;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.dermaseg.inference.engine.purejava.JavaNetwork;
import org.dermaseg.inference.engine.purejava.JavaNetworkLoader;
import org.dermaseg.inference.engine.purejava.Parallel;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * UltraLight VM-UNet (Wu et al., arXiv 2403.20035) for the pure-Java engine: the {@link Network} with its
 * thread pool and a pool of {@link Workspace}s (created on first need, then reused), so concurrent forward
 * passes never share buffers.
 */
public final class UltraLightNetwork implements JavaNetwork {
    /** The {@code architecture.type} of UltraLight cards (and the id of cards written before types). */
    public static final String TYPE = "ultralight-vmunet";

    private final Network net;
    private final Parallel par;
    private final ConcurrentLinkedDeque<Workspace> workspaces = new ConcurrentLinkedDeque<>();

    private UltraLightNetwork(ModelCard card, Path safetensors, int threads) throws ModelException {
        Weights weights = Weights.load(card, safetensors);
        this.net = new Network(weights, card.inputHeight(), card.inputWidth());
        // the first workspace before the thread pool: running out of memory here then leaves no threads behind
        workspaces.push(new Workspace(net, threads));
        this.par = new Parallel(threads);
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        Workspace ws = workspaces.poll();
        if (ws == null) {
            ws = new Workspace(net, par.threads());
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
            return new UltraLightNetwork(card, safetensors, threads);
        }
    }
}
