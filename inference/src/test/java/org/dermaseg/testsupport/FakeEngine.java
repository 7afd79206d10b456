package org.dermaseg.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelArtifacts;

/**
 * The one stand-in for the network, for every module's tests, where the model's output is not the point:
 * "lesion" = darker than the image's mid grey (the min-max scaled input below 127.5 in all channels'
 * mean). Dermoscopy lesions are darker than skin, so this even scores plausibly. Optionally it waits a
 * fixed time per call (so a batch can be cancelled mid-run deterministically) and refuses a uniform image
 * (all-zero tensor after min-max) to exercise engine failures.
 */
public final class FakeEngine implements SegmentationEngine {
    /** How many times {@link #infer} was called. */
    public final AtomicInteger calls = new AtomicInteger();
    /** The batch size of every call, in call order. */
    public final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final long delayMs;
    private final boolean refuseBlank;
    private final int preferredBatch;
    private final long firstCallDelayMs;

    /** Refuses blank images (the batch tests' engine failure). */
    public FakeEngine(long delayMs) {
        this(delayMs, true);
    }

    public FakeEngine(long delayMs, boolean refuseBlank) {
        this(delayMs, refuseBlank, 1, 0);
    }

    /**
     * An engine that refuses blank images, asks for batches of {@code preferredBatch} and is slow once, so
     * that images pile up.
     */
    public FakeEngine(long delayMs, int preferredBatch, long firstCallDelayMs) {
        this(delayMs, true, preferredBatch, firstCallDelayMs);
    }

    private FakeEngine(long delayMs, boolean refuseBlank, int preferredBatch, long firstCallDelayMs) {
        this.delayMs = delayMs;
        this.refuseBlank = refuseBlank;
        this.preferredBatch = preferredBatch;
        this.firstCallDelayMs = firstCallDelayMs;
    }

    @Override
    public int preferredBatch() {
        return preferredBatch;
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("fake", "cpu", "test engine", null);
    }

    @Override
    public float[] infer(float[] nchw, int batch) throws EngineException {
        batchSizes.add(batch);
        long delay = calls.incrementAndGet() == 1 && firstCallDelayMs > 0 ? firstCallDelayMs : delayMs;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int plane = nchw.length / batch / 3;
        float[] out = new float[batch * plane];
        for (int b = 0; b < batch; b++) {
            boolean allZero = true;
            for (int i = 0; i < plane; i++) {
                int base = b * 3 * plane;
                float mean = (nchw[base + i] + nchw[base + plane + i] + nchw[base + 2 * plane + i]) / 3f;
                allZero &= mean == 0f;
                out[b * plane + i] = mean < 127.5f ? 0.9f : 0.1f;
            }
            if (allZero && refuseBlank) {
                throw new EngineException("fake engine refuses a blank image");
            }
        }
        return out;
    }

    @Override
    public void close() {
    }

    /** A segmenter around a fake engine, with a minimal model card in {@code dir}. */
    public static Segmenter segmenter(Path dir, FakeEngine engine) throws Exception {
        return new Segmenter(artifacts(dir), engine, SegmenterOptions.DEFAULT);
    }

    /** A minimal model card in {@code dir}, as the fake engine's model. */
    public static ModelArtifacts artifacts(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path card = dir.resolve("fake.card.json");
        Files.writeString(card,
                "{\"name\":\"fake\",\"version\":\"0\",\"input\":{\"width\":256,\"height\":256,\"channels\":3},"
                        + "\"threshold\":0.5}");
        return ModelArtifacts.fromCard(card);
    }

    public static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }
}
