package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;
import org.dermaseg.testsupport.FakeEngine;
import org.dermaseg.testsupport.RepoPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** The batch loop over images named one by one ({@code segment}, {@code report}, {@code samples}). */
class FileListBatchTest {
    @TempDir
    Path tmp;
    Path a;
    Path sameStem;
    Path b;
    Path out;
    Segmenter segmenter;

    @BeforeEach
    void setUp() throws Exception {
        Path samples = RepoPaths.root().resolve("assets/samples/images");
        a = tmp.resolve("in/IMD002.png");
        sameStem = tmp.resolve("elsewhere/IMD002.png");
        b = tmp.resolve("in/IMD027.png");
        FakeEngine.copy(samples.resolve("IMD002.png"), a);
        FakeEngine.copy(samples.resolve("IMD002.png"), sameStem);
        FakeEngine.copy(samples.resolve("IMD027.png"), b);
        out = Files.createDirectories(tmp.resolve("out"));
        segmenter = FakeEngine.segmenter(tmp.resolve("model"), new FakeEngine(0));
    }

    @AfterEach
    void tearDown() {
        segmenter.close();
    }

    private List<ImageRecord> run(BatchOptions options) throws BatchException {
        List<ImageRecord> rows = new ArrayList<>();
        new BatchRunner(segmenter, options, new BatchListener() {
            @Override
            public void fileDone(ImageRecord r) {
                rows.add(r);
            }

            @Override
            public void fileFailed(Path path, String reason, ImageRecord r) {
                rows.add(r);
            }
        }).run();
        rows.sort(Comparator.comparingLong(ImageRecord::position));
        return rows;
    }

    @Test
    void rowsKeepTheGivenOrderAndPathsAndClashesFailUpFront() throws Exception {
        Files.writeString(out.resolve("IMD027_segmentation.png"), "an earlier mask");
        List<ImageRecord> rows = run(BatchOptions.ofFiles(List.of(a, sameStem, b), out).withWorkers(2));
        assertEquals(3, rows.size());
        assertEquals(List.of(a.toString(), sameStem.toString(), b.toString()),
                rows.stream().map(ImageRecord::path).toList());
        assertEquals(ImageStatus.OK, rows.get(0).status());
        assertEquals("IMD002_segmentation.png", rows.get(0).mask());
        assertEquals("same output name as " + a + " (IMD002_segmentation.png)", rows.get(1).reason());
        assertEquals("output exists: " + out.resolve("IMD027_segmentation.png") + " (use --overwrite)",
                rows.get(2).reason());
        assertEquals("an earlier mask", Files.readString(out.resolve("IMD027_segmentation.png")), "left alone");
        assertFalse(Files.exists(out.resolve("report.csv")) || Files.exists(out.resolve("report.json")),
                "images named one by one write no reports");

        List<ImageRecord> again = run(BatchOptions.ofFiles(List.of(b), out).withOverwrite(true));
        assertEquals(ImageStatus.OK, again.get(0).status(), again.get(0).reason());
    }

    @Test
    void anImageOutputReplacesTheMask() throws Exception {
        ImageOutput size = new ImageOutput() {
            @Override
            public String suffix() {
                return "_size.txt";
            }

            @Override
            public byte[] render(LoadedImage image, SegmentationResult r, LesionMeasurements m) {
                return (image.width() + "x" + image.height()).getBytes(StandardCharsets.UTF_8);
            }
        };
        List<ImageRecord> rows = run(BatchOptions.ofFiles(List.of(b), out).withOutput(size));
        assertEquals(ImageStatus.OK, rows.get(0).status(), rows.get(0).reason());
        assertEquals(rows.get(0).width() + "x" + rows.get(0).height(), Files.readString(out.resolve("IMD027_size.txt")),
                "rendered from the decoded image");
        assertFalse(Files.exists(out.resolve("IMD027_segmentation.png")), "no mask besides the output");
        assertNull(rows.get(0).mask(), "the mask column names masks only");
    }

    @Test
    void anEngineFailureEndsTheRunOnlyWhenAsked() throws Exception {
        // uniform image: min-max scaling gives an all-zero tensor, which the fake engine rejects
        Path blank = tmp.resolve("in/blank.png");
        try (MatScope mats = new MatScope()) {
            Imgcodecs.imwrite(blank.toString(), mats.add(new Mat(40, 50, CvType.CV_8UC3, new Scalar(90, 90, 90))));
        }

        List<ImageRecord> rows = run(BatchOptions.ofFiles(List.of(blank, b), out));
        assertEquals(ImageStatus.FAILED, rows.get(0).status());
        assertTrue(rows.get(0).reason().contains("blank image"), rows.get(0).reason());

        BatchException e = assertThrows(BatchException.class, () -> run(BatchOptions.ofFiles(List.of(blank), out)
                .withStopOnEngineFailure(true)));
        assertInstanceOf(EngineException.class, e.getCause());
        assertTrue(e.getMessage().contains("blank image"), e.getMessage());
    }
}
