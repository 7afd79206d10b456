package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.inference.report.ImageRecord;

class PredictionEvaluatorTest {
    @TempDir
    Path tmp;

    private static final Path MASKS = RepoPaths.root().resolve("assets/samples/masks");

    /** A prediction: the ground truth shifted right by {@code dx} pixels (so Dice is known to be < 1). */
    private static BinaryMask shifted(BinaryMask m, int dx) {
        byte[] out = new byte[m.data().length];
        for (int y = 0; y < m.height(); y++) {
            for (int x = dx; x < m.width(); x++) {
                out[y * m.width() + x] = m.data()[y * m.width() + x - dx];
            }
        }
        return new BinaryMask(m.width(), m.height(), out);
    }

    private static final class Collect implements BatchListener {
        final List<ImageRecord> done = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        @Override
        public void fileDone(ImageRecord report) {
            done.add(report);
        }

        @Override
        public void fileFailed(Path path, String reason, ImageRecord report) {
            failed.add(path.getFileName() + ": " + reason);
        }
    }

    @Test
    void scoresSegmentationFilesAgainstGroundTruthAndListsWhatDoesNotMatch() throws IOException, BatchException {
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        GroundTruthLoader reader = new GroundTruthLoader();
        BinaryMask gt002 = reader.load(MASKS.resolve("IMD002_lesion.png"));
        BinaryMask gt027 = reader.load(MASKS.resolve("IMD027_lesion.png"));
        Files.write(pred.resolve("IMD002_segmentation.png"), MaskPng.encode(gt002, false));            // perfect
        Files.write(pred.resolve("IMD027_segmentation.png"), MaskPng.encode(shifted(gt027, 20), false)); // off by 20 px
        Files.write(pred.resolve("IMD027_overlay.png"), MaskPng.encode(gt027, false));                  // not a prediction
        Files.write(pred.resolve("NOGT_segmentation.png"), MaskPng.encode(gt027, false));               // no ground truth

        Collect c = new Collect();
        PredictionEvaluator.Result r = new PredictionEvaluator(pred, MASKS, false, false, 2, c).run();
        BatchSummary s = r.summary();
        assertEquals(3, s.listed());
        assertEquals(2, s.ok());
        assertEquals(1, s.failed());
        assertTrue(c.failed.get(0).startsWith("NOGT_segmentation.png: no ground truth"), c.failed.get(0));
        assertEquals(8, r.groundTruthWithoutPrediction(), "10 sample masks, 2 matched");

        ImageRecord perfect = c.done.stream().filter(x -> x.path().startsWith("IMD002")).findFirst().orElseThrow();
        assertEquals(1.0, perfect.dice(), 0.0);
        assertEquals(0.0, perfect.evaluation().surface().hd95(), 0.0);
        ImageRecord off = c.done.stream().filter(x -> x.path().startsWith("IMD027")).findFirst().orElseThrow();
        double expected = MaskMetrics.dice(Confusion.of(shifted(gt027, 20).data(), gt027.data()));
        assertEquals(expected, off.dice(), 1e-12);
        assertTrue(off.dice() < 1.0);
        assertEquals(20.0, off.evaluation().surface().hausdorff(), 1.5, "a 20 px shift is ~20 px Hausdorff");
        assertEquals(2, s.metrics().images());
    }

    @Test
    void bareStemPredictionsWhenNoSegmentationNamesExist() throws IOException, BatchException {
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        GroundTruthLoader reader = new GroundTruthLoader();
        Files.write(pred.resolve("IMD057.png"), MaskPng.encode(reader.load(MASKS.resolve("IMD057_lesion.png")), false));
        Collect c = new Collect();
        BatchSummary s = new PredictionEvaluator(pred, MASKS, false, false, 1, c).run().summary();
        assertEquals(1, s.ok());
        assertEquals(1.0, c.done.get(0).dice(), 0.0);
    }

    @Test
    void sizeMismatchIsAFailedRowNotACrash() throws IOException, BatchException {
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        Files.write(pred.resolve("IMD002_segmentation.png"), MaskPng.encode(new BinaryMask(10, 10, new byte[100]), false));
        Collect c = new Collect();
        BatchSummary s = new PredictionEvaluator(pred, MASKS, false, false, 1, c).run().summary();
        assertEquals(1, s.failed());
        assertFalse(s.allGood());
        assertTrue(c.failed.get(0).contains("10x10"), c.failed.get(0));
    }

    @Test
    void missingFoldersAreUsageErrors() {
        BatchException e = assertThrows(BatchException.class,
                () -> new PredictionEvaluator(tmp.resolve("none"), MASKS, false, false, 1, null).run());
        assertTrue(e.isUsage());
    }
}
