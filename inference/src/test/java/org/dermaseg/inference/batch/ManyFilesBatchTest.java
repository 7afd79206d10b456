package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.image.OpenCvNatives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.testsupport.FakeEngine;

/**
 * A folder of 10,000 images (and a few broken files among them) in one batch, then resumed. Surefire runs
 * this class alone in a JVM with a 96 MB heap (see inference/pom.xml, execution {@code bounded-heap}): one
 * 256x256 probability map is 256 KB, so a runner that kept any per-image pixel data for the whole run would
 * need gigabytes and fail with OutOfMemoryError; only the per-image report rows may accumulate.
 */
class ManyFilesBatchTest {
    private static final int IMAGES = 10_000;
    private static final int BROKEN = 7;

    @TempDir
    Path tmp;

    @Test
    void tenThousandFilesAreAllProcessedInBoundedMemoryAndResumeSkipsThemAll() throws Exception {
        OpenCvNatives.ensureLoaded();
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 128L << 20, "run with a small heap: mvn test runs this class alone with -Xmx96m (inference/pom.xml, bounded-heap); max heap is "
                + (maxHeap >> 20) + " MB");
        Path in = Files.createDirectories(tmp.resolve("in"));
        byte[] bytes;
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(new Mat(24, 32, CvType.CV_8UC3, new Scalar(190, 170, 210)));
            Imgproc.circle(m, new Point(16, 12), 7, new Scalar(60, 40, 80), -1);
            MatOfByte png = mats.add(new MatOfByte());
            Imgcodecs.imencode(".png", m, png);
            bytes = png.toArray();
        }
        for (int i = 0; i < IMAGES; i++) {
            Files.write(in.resolve(String.format("img%05d.png", i)), bytes);
        }
        for (int i = 0; i < BROKEN; i++) {
            Files.writeString(in.resolve(String.format("img%05d-broken.jpg", i * 1000)), "not an image",
                    StandardCharsets.US_ASCII);
        }
        Path out = tmp.resolve("out");
        FakeEngine engine = new FakeEngine(0);
        try (Segmenter segmenter = FakeEngine.segmenter(tmp.resolve("model"), engine)) {
            BatchSummary first = new BatchRunner(segmenter, BatchOptions.of(in, out).withWorkers(2), null).run();
            assertEquals(IMAGES + BROKEN, first.listed());
            assertEquals(IMAGES, first.ok());
            assertEquals(BROKEN, first.failed());
            assertEquals(IMAGES, engine.calls.get(), "one inference per image");

            List<String> names;
            try (Stream<Path> s = Files.list(out)) {
                names = s.map(p -> p.getFileName().toString()).toList();
            }
            assertEquals(IMAGES, names.stream().filter(n -> n.endsWith("_segmentation.png")).count());
            assertTrue(names.stream().noneMatch(n -> n.endsWith(AtomicFiles.TEMP_SUFFIX)), "no temporaries left");
            assertEquals(1 + IMAGES + BROKEN, Files.readAllLines(out.resolve("report.csv")).size(),
                    "a header and one row per file");

            BatchSummary resumed = new BatchRunner(segmenter, BatchOptions.of(in, out).withWorkers(2)
                    .withResume(true), null).run();
            assertEquals(IMAGES, resumed.skipped());
            assertEquals(BROKEN, resumed.failed());
            assertEquals(IMAGES, engine.calls.get(), "resume runs no inference for finished images");
        }
    }
}
