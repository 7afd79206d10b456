package org.dermaseg.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.Safetensors;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.Postprocessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmenterTest {
    private static Segmenter segmenter;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() throws Exception {
        segmenter = Segmenter.open(ModelArtifacts.fromDirectory(Golden.modelDir()), EngineChoice.ONNX, DeviceChoice.CPU,
                SegmenterOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        segmenter.close();
    }

    @Test
    void imageToMaskMatchesPyTorchEndToEnd() throws Exception {
        Safetensors golden = Golden.tensors();
        for (Golden.Sample s : Golden.samples()) {
            SegmentationResult r = segmenter.segment(s.image());
            float diff = Golden.maxAbsDiff(r.probability().values(), golden.floats("prob." + s.id()));
            assertTrue(diff <= 1e-4f, s.id() + ": " + diff);
            assertEquals(256, r.probability().width());
        }
    }

    @Test
    void maskHasOriginalSizeAndCardThreshold() throws Exception {
        Path image = Golden.samples().get(0).image();
        SegmentationResult r = segmenter.segment(image);
        assertEquals(765, r.width());
        assertEquals(572, r.height());
        assertEquals(765, r.mask().width());
        assertEquals(572, r.mask().height());
        assertEquals(segmenter.card().thresholdOrDefault(), r.threshold());
        // the mask is exactly "upsampled probability >= threshold"
        float[] up = Postprocessor.resize(r.probability(), r.width(), r.height());
        long expected = 0;
        for (float v : up) {
            expected += v >= (float) r.threshold() ? 1 : 0;
        }
        assertEquals(expected, r.mask().area());
        assertEquals("onnx", r.engine().name());
        assertTrue(r.timings().inferMs() > 0 && r.timings().decodeMs() > 0, r.timings().toString());
    }

    @Test
    void rethresholdingNeedsNoInferenceAndIsMonotonic() throws Exception {
        SegmentationResult r = segmenter.segment(Golden.samples().get(1).image());
        assertSame(r.mask(), r.mask(r.threshold()));
        BinaryMask all = r.mask(0.0);
        BinaryMask none = r.mask(1.0);
        assertEquals((long) r.width() * r.height(), all.area());
        long low = r.mask(0.3).area();
        long high = r.mask(0.7).area();
        assertTrue(low >= r.mask().area() && r.mask().area() >= high, low + " " + r.mask().area() + " " + high);
        assertTrue(none.area() <= high);
        SegmentationResult r2 = r.withThreshold(0.3);
        assertEquals(low, r2.mask().area());
        assertSame(r.probability(), r2.probability());
    }

    @Test
    void batchOfImagesEqualsOneByOne() throws Exception {
        List<Golden.Sample> samples = Golden.samples();
        var images = new java.util.ArrayList<org.dermaseg.inference.image.LoadedImage>();
        for (Golden.Sample s : samples) {
            images.add(segmenter.load(s.image()));
        }
        List<SegmentationResult> batch = segmenter.segmentAll(images);
        for (int i = 0; i < samples.size(); i++) {
            SegmentationResult single = segmenter.segment(images.get(i));
            assertTrue(Golden.maxAbsDiff(single.probability().values(), batch.get(i).probability().values()) <= 1e-5f);
        }
    }

    @Test
    void thresholdOptionOverridesTheCard() throws Exception {
        try (Segmenter s = Segmenter.open(ModelArtifacts.fromDirectory(Golden.modelDir()), EngineChoice.ONNX,
                DeviceChoice.CPU, SegmenterOptions.DEFAULT.withThreshold(0.25))) {
            assertEquals(0.25, s.threshold());
            assertEquals(0.25, s.segment(Golden.samples().get(0).image()).threshold());
        }
    }

    @Test
    void badImageIsAnImageLoadException() throws Exception {
        Path bad = tmp.resolve("bad.png");
        Files.writeString(bad, "nope");
        assertThrows(ImageLoadException.class, () -> segmenter.segment(bad));
    }
}
