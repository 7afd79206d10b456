package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.preprocess.Preprocessor;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the whole input side of segmentation: bytes on disk -&gt; {@link ImageLoader} (format sniffing,
 * the hand-written header readers, the pixel limit, OpenCV's decoders) -&gt; {@link Preprocessor}.
 *
 * <p>Properties checked for every input:
 * <ul>
 *   <li>the only failure is an {@link ImageLoadException} with a one-line message naming the file
 *       (anything else — a RuntimeException, an Error, a JVM crash in native code — is a finding);</li>
 *   <li>no hang: each input must be handled within {@link Hang#LIMIT_SECONDS} seconds;</li>
 *   <li>bounded memory: what decodes respects the pixel limit, and the process's peak resident memory
 *       (Java and native) grows by less than {@link PeakMemory#LIMIT_BYTES} per input;</li>
 *   <li>a decoded image is consistent (sizes, reduction, buffer length), decodes the same at full
 *       resolution, and preprocesses to finite values in [0, 255].</li>
 * </ul>
 *
 * <p>{@code mvn test} replays the committed seed corpus in
 * {@code src/test/resources/org/dermaseg/inference/reliability/ImageDecodeFuzzTestInputs/decodeAndPreprocess/}
 * (regression mode). A fuzzing session: {@code JAZZER_FUZZ=1 mvn -pl inference test
 * -Dtest=ImageDecodeFuzzTest} (README, Reliability).
 */
class ImageDecodeFuzzTest {
    /** 4 MP: large enough for every seed and for reduced JPEG decoding, small enough to keep fuzzing fast. */
    static final long MAX_PIXELS = 4_000_000L;
    private static final ImageLoader LOADER = new ImageLoader(new ImageLimits(MAX_PIXELS, 1 << 20), true);
    private static final Preprocessor PRE = new Preprocessor(256, 256);

    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "5m")
    void decodeAndPreprocess(byte[] data) throws Exception {
        Path file = Files.write(dir.resolve("input.img"), data);
        PeakMemory.bounded("decode + preprocess", () -> Hang.guard(() -> decodeAndPreprocess(file)));
    }

    private static void decodeAndPreprocess(Path file) {
        LoadedImage forModel;
        try {
            forModel = LOADER.loadForModel(file, 256, 256);
        } catch (ImageLoadException e) {
            assertOneLineNamingTheFile(e, file);
            return;
        }
        checkConsistent(forModel);

        LoadedImage full;
        try {
            full = LOADER.load(file);
        } catch (ImageLoadException e) {
            throw new AssertionError("decodes for the model (" + forModel + ") but not at full size: " + e.getMessage(), e);
        }
        checkConsistent(full);
        assertFalse(full.isReduced());
        assertEquals(forModel.width(), full.width(), "full decode width");
        assertEquals(forModel.height(), full.height(), "full decode height");

        float[] tensor = PRE.toTensor(forModel);
        assertEquals(3 * 256 * 256, tensor.length);
        for (float v : tensor) {
            if (!(v >= 0f && v <= 255f)) {
                throw new AssertionError("preprocessed value " + v + " outside [0, 255] for " + forModel);
            }
        }
    }

    static void assertOneLineNamingTheFile(ImageLoadException e, Path file) {
        String m = e.getMessage();
        assertNotNull(m, "exception without a message");
        assertFalse(m.contains("\n") || m.contains("\r"), "message is not one line: " + m);
        assertTrue(m.startsWith(file.toString()), "message does not name the file: " + m);
    }

    static void checkConsistent(LoadedImage im) {
        assertTrue(im.width() > 0 && im.height() > 0, "size " + im);
        assertTrue((long) im.width() * im.height() <= MAX_PIXELS, "pixel limit bypassed: " + im);
        int r = im.reduction();
        assertTrue(r == 1 || r == 2 || r == 4 || r == 8, "reduction " + r);
        assertEquals((im.width() + r - 1) / r, im.pixelWidth(), "pixel width for reduction " + r);
        assertEquals((im.height() + r - 1) / r, im.pixelHeight(), "pixel height for reduction " + r);
        assertEquals(3L * im.pixelWidth() * im.pixelHeight(), im.rgb().length, "RGB buffer length");
        assertTrue(im.sourceBitsPerSample() == 8 || im.sourceBitsPerSample() == 16, "bits " + im.sourceBitsPerSample());
    }
}
