package org.dermaseg.inference.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.testsupport.RepoPaths;
import org.junit.jupiter.api.Test;

/**
 * Measurements on several threads at once, as a batch's encode threads run them, give what one thread gives.
 * Until OpenCV's own thread pool was switched off ({@link org.dermaseg.inference.image.OpenCvNatives}),
 * concurrent measurements corrupted the native heap ("malloc_consolidate(): invalid chunk size", "double free
 * or corruption"; 4 of 12 runs of 4 threads x 45 s on the PH2 samples, docs/performance.md), and the JVM died:
 * surefire then reports this class's fork as crashed. A crash was a matter of chance, so passing once
 * proves little; a wrong value from a data race in the Java part fails the comparison every time it happens.
 */
class ConcurrentMeasurementTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 100;

    @Test
    void measurementsOnFourThreadsEqualThoseOnOne() throws Exception {
        ImageLoader loader = new ImageLoader();
        GroundTruthLoader gtLoader = new GroundTruthLoader(loader, false);
        List<LoadedImage> images = new ArrayList<>();
        List<BinaryMask> masks = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepoPaths.sampleImages())) {
            for (Path p : files.sorted().toList()) {
                LoadedImage image = loader.load(p);
                String name = p.getFileName().toString().replace(".png", "_lesion.png");
                images.add(image);
                masks.add(gtLoader.loadFor(RepoPaths.sampleMasks().resolve(name), image.width(), image.height()));
            }
        }
        assertEquals(10, images.size(), "the 10 PH2 samples");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            expected.add(summary(LesionMeasurer.measure(images.get(i), masks.get(i), 0.01)));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        int i = (offset + r) % images.size(); // threads on different images at any moment
                        String got = summary(LesionMeasurer.measure(images.get(i), masks.get(i), 0.01));
                        assertEquals(expected.get(i), got, "sample " + i + ", thread " + offset + ", round " + r);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every value the reports carry (the colour map's pixels are covered by its fractions). */
    private static String summary(LesionMeasurements m) {
        assertNotNull(m, "a lesion to measure");
        return m.size() + " " + m.asymmetry() + " " + m.border() + " " + m.colours().present() + " "
                + m.colours().fractions() + " " + m.analysisScale();
    }
}
