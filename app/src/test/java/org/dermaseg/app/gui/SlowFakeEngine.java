package org.dermaseg.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelArtifacts;

/**
 * Stands in for the network where only timing matters: "lesion" where the preprocessed image is darker
 * than mid grey, after a fixed delay per call, so a batch can be cancelled mid-run deterministically.
 */
final class SlowFakeEngine implements SegmentationEngine {
    final AtomicInteger calls = new AtomicInteger();
    private final long delayMs;

    SlowFakeEngine(long delayMs) {
        this.delayMs = delayMs;
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("fake", "cpu", "slow test engine", null);
    }

    @Override
    public float[] infer(float[] nchw, int batch) {
        calls.incrementAndGet();
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int plane = nchw.length / batch / 3;
        float[] out = new float[batch * plane];
        for (int b = 0; b < batch; b++) {
            int base = b * 3 * plane;
            for (int i = 0; i < plane; i++) {
                float mean = (nchw[base + i] + nchw[base + plane + i] + nchw[base + 2 * plane + i]) / 3f;
                out[b * plane + i] = mean < 127.5f ? 0.9f : 0.1f;
            }
        }
        return out;
    }

    @Override
    public void close() {
    }

    /** A segmenter service whose every segmenter runs this engine (minimal model card in {@code dir}). */
    static SegmenterService service(Path dir, SlowFakeEngine engine) throws Exception {
        Files.createDirectories(dir);
        Path card = dir.resolve("fake.card.json");
        Files.writeString(card,
                "{\"name\":\"fake\",\"version\":\"0\",\"input\":{\"width\":256,\"height\":256,\"channels\":3},"
                        + "\"threshold\":0.5}");
        ModelArtifacts artifacts = ModelArtifacts.fromCard(card);
        return new SegmenterService((e, d) -> new Segmenter(artifacts, engine, SegmenterOptions.DEFAULT));
    }
}
