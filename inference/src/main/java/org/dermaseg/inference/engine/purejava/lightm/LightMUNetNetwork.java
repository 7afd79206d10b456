package org.dermaseg.inference.engine.purejava.lightm;

import java.nio.file.Path;

import org.dermaseg.inference.engine.purejava.JavaNetwork;
import org.dermaseg.inference.engine.purejava.JavaNetworkLoader;
import org.dermaseg.inference.engine.purejava.PooledNetwork;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * LightM-UNet (Liao et al., arXiv 2403.05246) for the pure-Java engine: its {@link LightMNetwork} and
 * {@link LightMWorkspace}s in a {@link PooledNetwork}. Batches run one image after the other, each across all
 * threads: a workspace is about 90 MB, and whole images per thread were not measured for this network.
 */
public final class LightMUNetNetwork {
    /** The {@code architecture.type} of LightM-UNet cards. */
    public static final String TYPE = "lightm-unet";

    private LightMUNetNetwork() {
    }

    /** Registered in META-INF/services/org.dermaseg.inference.engine.purejava.JavaNetworkLoader. */
    public static final class Loader implements JavaNetworkLoader {
        @Override
        public String architectureType() {
            return TYPE;
        }

        @Override
        public JavaNetwork load(ModelCard card, Path safetensors, int threads) throws ModelException {
            LightMNetwork net = new LightMNetwork(LightMWeights.load(card, safetensors), card.inputHeight(),
                    card.inputWidth());
            return new PooledNetwork<LightMWorkspace>(net::forward, t -> new LightMWorkspace(net, t), threads,
                    false);
        }
    }
}
