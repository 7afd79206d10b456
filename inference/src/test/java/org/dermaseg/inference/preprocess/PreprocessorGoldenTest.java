package org.dermaseg.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.model.Safetensors;
import org.junit.jupiter.api.Test;

/** Java preprocessing against the tensors model/export.py computed with cv2 + numpy. */
class PreprocessorGoldenTest {
    private final Preprocessor pre = new Preprocessor(256, 256);

    @Test
    void matchesPythonPipelineOnEveryGoldenSample() throws Exception {
        Safetensors golden = Golden.tensors();
        List<Golden.Sample> samples = Golden.samples();
        ImageLoader loader = new ImageLoader();
        for (Golden.Sample s : samples) {
            assertArrayEquals(new int[] {1, 3, 256, 256}, golden.shape("input." + s.id()));
            LoadedImage im = loader.load(s.image());
            float[] java = pre.toTensor(im);
            float diff = Golden.maxAbsDiff(java, golden.floats("input." + s.id()));
            assertTrue(diff <= 1e-3f, s.id() + ": max abs diff " + diff + " > 1e-3");
        }
    }

    @Test
    void goldenInputsSpanZeroTo255() throws IOException {
        // guards the test above: a golden file of zeros would make a broken preprocessor look right
        Safetensors golden = Golden.tensors();
        for (Golden.Sample s : Golden.samples()) {
            float[] x = golden.floats("input." + s.id());
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (float v : x) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            assertEquals(0f, lo, 0f, s.id());
            assertEquals(255f, hi, 1e-4f, s.id());
        }
    }
}
