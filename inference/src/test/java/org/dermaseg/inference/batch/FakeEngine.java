package org.dermaseg.inference.batch;

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
 * Stand-in for the network where the model's output is not the point: "lesion" = darker than the
 * image's mid grey (the min-max scaled input below 127.5 in all channels' mean). Dermoscopy lesions
 * are darker than skin, so this even scores plausibly. A uniform image (all-zero tensor after
 * min-max) makes it throw, to exercise engine failures.
 */
final class FakeEngine implements SegmentationEngine {
    final AtomicInteger calls = new AtomicInteger();
    /** The batch size of every call, in call order. */
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final long delayMs;
    private final int preferredBatch;
    private final long firstCallDelayMs;

    FakeEngine(long delayMs) {
        this(delayMs, 1, 0);
    }

    /** An engine that asks for batches of {@code preferredBatch} and is slow once, so that images pile up. */
    FakeEngine(long delayMs, int preferredBatch, long firstCallDelayMs) {
        this.delayMs = delayMs;
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
            if (allZero) {
                throw new EngineException("fake engine refuses a blank image");
            }
        }
        return out;
    }

    @Override
    public void close() {
    }

    /** A segmenter around a fake engine, with a minimal model card in {@code dir}. */
    static Segmenter segmenter(Path dir, FakeEngine engine) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ModelArtifacts.CARD_FILE),
                "{\"name\":\"fake\",\"version\":\"0\",\"input\":{\"width\":256,\"height\":256,\"channels\":3},"
                        + "\"threshold\":0.5}");
        return new Segmenter(ModelArtifacts.fromDirectory(dir), engine, SegmenterOptions.DEFAULT);
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }
}
