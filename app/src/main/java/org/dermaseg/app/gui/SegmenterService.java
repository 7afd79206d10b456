package org.dermaseg.app.gui;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.dermaseg.inference.SegmentationDefaults;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;

/**
 * The one {@link Segmenter} the viewer and the batch dialog share (it is thread-safe), opened lazily for
 * the selected model, the engine and device in the preferences and whether flip test-time augmentation is on
 * ({@link #selectTta}). Changing any of them opens a new one, or takes back the one opened earlier for the same
 * choices (switching TTA off and on again does not open an engine each time); the old one stays open until
 * {@link #close()} because a batch may still be using it. The compare view
 * gets segmenters of other models with {@link #get(String, EngineChoice, DeviceChoice)}, kept open likewise.
 */
public final class SegmenterService implements AutoCloseable {
    /** Opens a segmenter of the selected model, with flip TTA when {@code tta}; tests pass one around a fake engine. */
    @FunctionalInterface
    public interface Factory {
        Segmenter open(EngineChoice engine, DeviceChoice device, boolean tta) throws ModelException, EngineException;
    }

    /** Opens a segmenter of a model by id (null: the default model), with flip TTA when {@code tta}. */
    @FunctionalInterface
    public interface ModelFactory {
        Segmenter open(String modelId, EngineChoice engine, DeviceChoice device, boolean tta)
                throws ModelException, EngineException;
    }

    /** Finds the models (slow the first time: hashes their files). */
    @FunctionalInterface
    public interface RegistrySource {
        ModelRegistry scan() throws ModelException;
    }

    private record Key(String modelId, EngineChoice engine, DeviceChoice device, boolean tta) {
    }

    private final ModelFactory factory;
    private final RegistrySource registrySource;
    private final Map<Key, Segmenter> others = new HashMap<>();
    private ModelRegistry registry;
    private String modelId;
    private boolean tta = SegmentationDefaults.TTA;
    private Segmenter current;
    private Key currentKey;

    /** One model only (tests): every model id opens what {@code factory} opens. */
    public SegmenterService(Factory factory) {
        this((id, e, d, t) -> factory.open(e, d, t), null);
    }

    /** @param registrySource the models to choose from, or null when there is no choice (tests) */
    public SegmenterService(ModelFactory factory, RegistrySource registrySource) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.registrySource = registrySource;
    }

    /** Opens the models of {@code registrySource}. */
    private SegmenterService(RegistrySource registrySource) {
        this.factory = (id, e, d, t) -> Segmenter.open(registry().require(id), e, d, SegmenterOptions.DEFAULT.withTta(t));
        this.registrySource = registrySource;
    }

    /** Opens from the model directory (or the standard search path when null). */
    public static SegmenterService forModel(java.nio.file.Path modelDir) {
        return new SegmenterService(() -> modelDir != null ? ModelRegistry.inDirectory(modelDir) : ModelRegistry.locate());
    }

    /** The models found (scanned once), or the error saying why none could be looked for. */
    public synchronized ModelRegistry registry() throws ModelException {
        if (registrySource == null) {
            throw new ModelException("this workstation was started with a single model and no model folder");
        }
        if (registry == null) {
            registry = registrySource.scan();
        }
        return registry;
    }

    /** Selects the model {@link #get(EngineChoice, DeviceChoice)} opens (null: the default model). */
    public synchronized void selectModel(String id) {
        this.modelId = id;
    }

    /** Turns flip test-time augmentation on or off for the segmenters opened from now on. */
    public synchronized void selectTta(boolean on) {
        this.tta = on;
    }

    /** Whether the segmenters opened from now on run flip test-time augmentation. */
    public synchronized boolean selectedTta() {
        return tta;
    }

    /** The selected model's id, or null for the default model. */
    public synchronized String selectedModel() {
        return modelId;
    }

    /** The segmenter for the selected model and this engine/device, opening it if needed (slow: call off the FX thread). */
    public synchronized Segmenter get(EngineChoice e, DeviceChoice d) throws ModelException, EngineException {
        Key key = new Key(modelId, e, d, tta);
        if (current != null && key.equals(currentKey)) {
            return current;
        }
        Segmenter s = others.remove(key);
        if (s == null) {
            s = factory.open(modelId, e, d, tta);
        }
        if (current != null) {
            others.put(currentKey, current);
        }
        current = s;
        currentKey = key;
        return s;
    }

    /**
     * The segmenter for model {@code id} (null: the default) and this engine/device, kept open until
     * {@link #close()} (the compare view's; the viewer's is {@link #get(EngineChoice, DeviceChoice)}).
     * Slow the first time: call off the FX thread.
     */
    public synchronized Segmenter get(String id, EngineChoice e, DeviceChoice d) throws ModelException, EngineException {
        Key key = new Key(id, e, d, tta);
        if (current != null && key.equals(currentKey)) {
            return current;
        }
        Segmenter s = others.get(key);
        if (s == null) {
            s = factory.open(id, e, d, tta);
            others.put(key, s);
        }
        return s;
    }

    /**
     * A segmenter of the selected model for another engine/device than the viewer's (a batch run on a chosen
     * engine); the caller owns it and closes it. Slow: call off the FX thread.
     */
    public Segmenter openSeparate(EngineChoice e, DeviceChoice d) throws ModelException, EngineException {
        return factory.open(selectedModel(), e, d, selectedTta());
    }

    /** True when {@link #get} with these choices returns the open segmenter without opening another. */
    public synchronized boolean isCurrent(EngineChoice e, DeviceChoice d) {
        return current != null && new Key(modelId, e, d, tta).equals(currentKey);
    }

    /** The segmenter opened last, or null. */
    public synchronized Segmenter currentOrNull() {
        return current;
    }

    @Override
    public synchronized void close() {
        for (Segmenter s : others.values()) {
            s.close();
        }
        others.clear();
        if (current != null) {
            current.close();
            current = null;
            currentKey = null;
        }
    }
}
