package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.inference.Golden;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch's own threshold and clean-up (the GUI's batch follows the viewer while sharing a segmenter opened
 * with the card's threshold and no clean-up): the written mask is derived with them, and the report says so.
 * On the real model and PH2 sample IMD413, whose raw mask (model 2.0.0, threshold 0.4) has holes that the clean-up fills.
 */
class BatchCleanUpTest {
    @TempDir
    Path tmp;

    @Test
    void theBatchWritesMasksWithItsOwnThresholdAndCleanUpAndReportsThem() throws Exception {
        Path image = RepoPaths.root().resolve("assets/samples/images/IMD413.png");
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(image, in.resolve("IMD413.png"));
        Path out = tmp.resolve("out");
        try (Segmenter seg = Segmenter.open(ModelArtifacts.fromDirectory(Golden.modelDir()), EngineChoice.ONNX,
                DeviceChoice.CPU, SegmenterOptions.DEFAULT)) {
            SegmentationResult raw = seg.segment(image);
            assertSame(raw, raw.withPostprocess(PostprocessOptions.NONE), "same clean-up: the same result");
            assertFalse(java.util.Arrays.equals(raw.mask().data(),
                    raw.withPostprocess(PostprocessOptions.CLEAN).mask().data()), "IMD413 has holes to fill");
            BinaryMask expected = raw.remasked(0.4, PostprocessOptions.CLEAN).mask();
            assertFalse(java.util.Arrays.equals(expected.data(),
                    raw.withPostprocess(PostprocessOptions.CLEAN).mask().data()), "0.4 differs from 0.5");

            BatchSummary s = new BatchRunner(seg, BatchOptions.of(in, out).withWorkers(1).withThreshold(0.4)
                    .withPostprocess(PostprocessOptions.CLEAN), null).run();
            assertEquals(1, s.ok());
            BinaryMask written = new GroundTruthLoader().load(out.resolve("IMD413_segmentation.png"));
            assertArrayEquals(expected.data(), written.data(), "the mask at 0.4, cleaned up, is written");
            var report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertEquals("largest region, holes filled", report.get("cleanUp").asText());
            assertEquals("0.4", report.get("threshold").asText());
        }
    }
}
