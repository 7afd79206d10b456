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
    /** Workspaces for one image on one thread (batches: one image per thread). */
    private final ConcurrentLinkedDeque<Workspace> serialWorkspaces = new ConcurrentLinkedDeque<>();
    private final Parallel serial = new Parallel(1);

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

    /**
     * Two or more images with two or more threads: each image on one thread, whole, instead of every layer cut
     * across the threads. Splitting one image costs a hand-off per layer (about 60 per pass) and, on a busy
     * machine, waits for a helper the OS has not scheduled; whole images need neither (docs/performance.md).
     */
    @Override
    public void forwardBatch(float[] in, int batch, float[] out, int plane) {
        if (batch < 2 || par.threads() < 2) {
            JavaNetwork.super.forwardBatch(in, batch, out, plane);
            return;
        }
        par.range(batch, 1, (slot, from, to) -> {
            Workspace ws = serialWorkspaces.poll();
            if (ws == null) {
                ws = new Workspace(net, 1);
            }
            try {
                for (int b = from; b < to; b++) {
                    net.forward(serial, ws, in, b * 3 * plane, out, b * plane);
                }
            } finally {
                serialWorkspaces.push(ws);
            }
        });
    }

    @Override
    public void close() {
        par.close();
        serial.close();
        workspaces.clear();
        serialWorkspaces.clear();
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
