package org.dermaseg.inference.engine.purejava.ultralight;

import java.nio.file.Path;

import org.dermaseg.inference.engine.purejava.JavaNetwork;
import org.dermaseg.inference.engine.purejava.JavaNetworkLoader;
import org.dermaseg.inference.engine.purejava.PooledNetwork;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * UltraLight VM-UNet (Wu et al., arXiv 2403.20035) for the pure-Java engine: its {@link Network} and
 * {@link Workspace}s in a {@link PooledNetwork}; batches run whole images per thread.
 */
public final class UltraLightNetwork {
    /** The {@code architecture.type} of UltraLight cards (and the id of cards written before types). */
    public static final String TYPE = "ultralight-vmunet";

    private UltraLightNetwork() {
    }

    /** Registered in META-INF/services/org.dermaseg.inference.engine.purejava.JavaNetworkLoader. */
    public static final class Loader implements JavaNetworkLoader {
        @Override
        public String architectureType() {
            return TYPE;
        }

        @Override
        public JavaNetwork load(ModelCard card, Path safetensors, int threads) throws ModelException {
            Network net = new Network(Weights.load(card, safetensors), card.inputHeight(), card.inputWidth());
            return new PooledNetwork<Workspace>(net::forward, t -> new Workspace(net, t), threads, true);
        }
    }
}
