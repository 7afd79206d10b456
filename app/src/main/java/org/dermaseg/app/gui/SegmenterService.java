package org.dermaseg.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelException;

/**
 * The one {@link Segmenter} the viewer and the batch dialog share (it is thread-safe), opened lazily for
 * the engine and device in the preferences. Changing them opens a new one; the old one stays open until
 * {@link #close()} because a batch may still be using it.
 */
public final class SegmenterService implements AutoCloseable {
    /** Opens a segmenter; tests pass one around a fake engine. */
    @FunctionalInterface
    public interface Factory {
        Segmenter open(EngineChoice engine, DeviceChoice device) throws ModelException, EngineException;
    }

    private final Factory factory;
    private final List<Segmenter> retired = new ArrayList<>();
    private Segmenter current;
    private EngineChoice engine;
    private DeviceChoice device;

    public SegmenterService(Factory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** Opens from the model directory (or the standard search path when null). */
    public static SegmenterService forModel(java.nio.file.Path modelDir) {
        return new SegmenterService((e, d) -> {
            ModelArtifacts artifacts = modelDir != null ? ModelArtifacts.fromDirectory(modelDir) : ModelArtifacts.locate();
            return Segmenter.open(artifacts, e, d, SegmenterOptions.DEFAULT);
        });
    }

    /** The segmenter for this engine/device, opening it if needed (slow: call off the FX thread). */
    public synchronized Segmenter get(EngineChoice e, DeviceChoice d) throws ModelException, EngineException {
        if (current != null && e == engine && d == device) {
            return current;
        }
        Segmenter s = factory.open(e, d);
        if (current != null) {
            retired.add(current);
        }
        current = s;
        engine = e;
        device = d;
        return s;
    }

    /**
     * A segmenter for another engine/device than the viewer's (a batch run on a chosen engine); the
     * caller owns it and closes it. Slow: call off the FX thread.
     */
    public Segmenter openSeparate(EngineChoice e, DeviceChoice d) throws ModelException, EngineException {
        return factory.open(e, d);
    }

    /** True when {@link #get} with these choices returns the open segmenter without opening another. */
    public synchronized boolean isCurrent(EngineChoice e, DeviceChoice d) {
        return current != null && e == engine && d == device;
    }

    /** The segmenter opened last, or null. */
    public synchronized Segmenter currentOrNull() {
        return current;
    }

    @Override
    public synchronized void close() {
        for (Segmenter s : retired) {
            s.close();
        }
        retired.clear();
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
