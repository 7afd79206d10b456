package org.dermaseg.inference.engine.purejava;

import java.nio.file.Path;

import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * Loads the {@link JavaNetwork} of one architecture type (a card's {@code architecture.type}). Implementations
 * have a public no-argument constructor and are listed, one class name a line, in
 * {@code inference/src/main/resources/META-INF/services/org.dermaseg.inference.engine.purejava.JavaNetworkLoader}
 * (docs/models.md): that line is the whole registration.
 */
public interface JavaNetworkLoader {
    /** The {@code architecture.type} this loader's networks compute. */
    String architectureType();

    /**
     * Checks the weights against the card (every tensor's name and shape) and builds the network.
     *
     * @param safetensors weights whose SHA-256 already matched the card
     * @param threads     CPU threads the network may use for one image
     * @throws ModelException naming the file and the tensor or card field that does not fit
     */
    JavaNetwork load(ModelCard card, Path safetensors, int threads) throws ModelException;
}
