package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes ground-truth mask loading ({@link GroundTruthLoader}): any bytes either become a 0/1 mask of
 * the declared size (and resize to any requested size) or fail with a one-line
 * {@link ImageLoadException}; no other exception, no hang, peak memory bounded ({@link PeakMemory}).
 *
 * <p>Seed corpus: {@code src/test/resources/org/dermaseg/inference/reliability/MaskLoadFuzzTestInputs/loadMask/}.
 * Fuzzing: {@code JAZZER_FUZZ=1 mvn -pl inference test -Dtest=MaskLoadFuzzTest}.
 */
class MaskLoadFuzzTest {
    private static final ImageLoader LOADER =
            new ImageLoader(new ImageLimits(ImageDecodeFuzzTest.MAX_PIXELS, 1 << 20), false);
    private static final GroundTruthLoader STRICT = new GroundTruthLoader(LOADER, false);
    private static final GroundTruthLoader RESIZING = new GroundTruthLoader(LOADER, true);

    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "5m")
    void loadMask(byte[] data) throws Exception {
        Path file = Files.write(dir.resolve("mask.img"), data);
        PeakMemory.bounded("mask loading", () -> Hang.guard(() -> loadMask(file)));
    }

    private static void loadMask(Path file) throws ImageLoadException {
        BinaryMask m;
        try {
            m = STRICT.load(file);
        } catch (ImageLoadException e) {
            ImageDecodeFuzzTest.assertOneLineNamingTheFile(e, file);
            return;
        }
        assertTrue(m.width() > 0 && m.height() > 0);
        assertTrue((long) m.width() * m.height() <= ImageDecodeFuzzTest.MAX_PIXELS, "pixel limit bypassed");
        assertEquals((long) m.width() * m.height(), m.data().length);
        assertTrue(m.area() >= 0 && m.area() <= m.data().length);

        // the same size is accepted as is; another size is refused by the strict loader, resized by the other
        assertEquals(m.area(), STRICT.loadFor(file, m.width(), m.height()).area());
        try {
            STRICT.loadFor(file, m.width() + 1, m.height());
            throw new AssertionError("a mask of another size was accepted without resizing");
        } catch (ImageLoadException expected) {
            ImageDecodeFuzzTest.assertOneLineNamingTheFile(expected, file);
        }
        BinaryMask resized = RESIZING.loadFor(file, 7, 5);
        assertEquals(35, resized.data().length);
        if (m.area() == 0) {
            assertEquals(0, resized.area(), "resizing an empty mask made lesion pixels");
        }
    }
}
