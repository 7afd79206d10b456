package org.dermaseg.inference.engine;

import java.nio.file.Path;

import org.dermaseg.inference.model.ModelCard;

/**
 * Creates the pure-Java engine. The default is {@code purejava.JavaEngine(ModelCard, Path)}; tests or
 * embedders may register another with {@link EngineFactory#registerJavaEngine}.
 */
@FunctionalInterface
public interface JavaEngineProvider {
    SegmentationEngine create(ModelCard card, Path safetensors) throws Exception;
}
