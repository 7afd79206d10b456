package org.dermaseg.inference.engine.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelRegistry;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.Postprocessor;
import org.dermaseg.inference.preprocess.Preprocessor;
import org.dermaseg.inference.preprocess.ProbabilityMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java engine against ONNX Runtime, for every model of the committed model folder (through the registry),
 * on 22 real images: the 10 bundled PH2 samples and 12 ISIC 2016 test images (the first 12 ids of the test split
 * committed once for all tests, src/test/resources/isic2016-test-split, see SOURCES.md there). Per image: max abs
 * probability difference <= 1e-4, thresholded masks (card threshold) equal on >= 99.99% of pixels, both at
 * the model's 256x256 and after the postprocessing back to the image's own size.
 */
class ImageParityTest {
    private static final float MAX_DIFF = 1e-4f;
    private static final double MIN_AGREEMENT = 0.9999;

    private static List<Path> images;

    @BeforeAll
    static void listImages() throws Exception {
        images = new ArrayList<>();
        images.addAll(list(RepoPaths.root().resolve("assets/samples/images")));
        images.addAll(isicImages());
    }

    /** ISIC_1009, ISIC_1019 ... ISIC_1119 of the committed ISIC 2016 test split. */
    static List<Path> isicImages() {
        return RepoPaths.isicParityImages();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().matches(".*\\.(png|jpg)$")).sorted().toList();
        }
    }

    @Test
    void theImageSetIsTheOneDocumented() throws Exception {
        assertEquals(10, list(RepoPaths.root().resolve("assets/samples/images")).size());
        assertEquals(12, isicImages().stream().filter(Files::isRegularFile).count());
        assertTrue(images.size() >= 20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.dermaseg.inference.engine.purejava.GoldenParityTest#modelIds")
    void probabilitiesAndMasksMatchOnnxRuntimeOnEveryImage(String id) throws Exception {
        ModelArtifacts artifacts = ModelRegistry.inDirectory(Golden.modelDir()).require(id);
        try (SegmentationEngine java = EngineFactory.create(EngineChoice.JAVA, DeviceChoice.CPU, artifacts);
             SegmentationEngine onnx = EngineFactory.create(EngineChoice.ONNX, DeviceChoice.CPU, artifacts)) {
            compare(id, artifacts, java, onnx);
        }
    }

    private static void compare(String id, ModelArtifacts artifacts, SegmentationEngine java, SegmentationEngine onnx)
            throws Exception {
        ImageLoader loader = new ImageLoader();
        Preprocessor pre = new Preprocessor(artifacts.card());
        Postprocessor post = new Postprocessor();
        double threshold = artifacts.card().thresholdOrDefault();
        int w = artifacts.card().inputWidth();
        int h = artifacts.card().inputHeight();
        float worstDiff = 0;
        double worstAgreement = 1;
        long foreground = 0;
        long modelPixels = 0;
        long pixels = 0;
        long disagreeing = 0;
        for (Path p : images) {
            LoadedImage img = loader.load(p);
            float[] x = pre.toTensor(img);
            float[] pj = java.infer(x, 1);
            float[] po = onnx.infer(x, 1);
            float diff = Golden.maxAbsDiff(pj, po);

            int same = 0;
            for (int i = 0; i < pj.length; i++) {
                if ((pj[i] >= threshold) == (po[i] >= threshold)) {
                    same++;
                }
                if (pj[i] >= threshold) {
                    foreground++;
                }
            }
            modelPixels += pj.length;
            double agreeModel = same / (double) pj.length;
            BinaryMask mj = post.toMask(new ProbabilityMap(w, h, pj), img.width(), img.height(), threshold);
            BinaryMask mo = post.toMask(new ProbabilityMap(w, h, po), img.width(), img.height(), threshold);
            byte[] a = mj.data();
            byte[] b = mo.data();
            assertEquals(a.length, b.length);
            int sameFull = 0;
            for (int i = 0; i < a.length; i++) {
                if (a[i] == b[i]) {
                    sameFull++;
                }
            }
            double agreeFull = sameFull / (double) a.length;
            pixels += a.length;
            disagreeing += a.length - sameFull;
            System.out.printf(Locale.ROOT, "parity %s %-14s max|java-onnx| %.3g  mask agreement %.6f (256x256), %.6f (%dx%d)%n",
                    id, p.getFileName(), diff, agreeModel, agreeFull, img.width(), img.height());
            assertTrue(diff <= MAX_DIFF, id + " " + p.getFileName() + ": max abs probability difference " + diff + " > 1e-4");
            assertTrue(agreeModel >= MIN_AGREEMENT, id + " " + p.getFileName() + ": masks agree on " + agreeModel + " at 256x256");
            assertTrue(agreeFull >= MIN_AGREEMENT, id + " " + p.getFileName() + ": masks agree on " + agreeFull + " at full size");
            worstDiff = Math.max(worstDiff, diff);
            worstAgreement = Math.min(worstAgreement, Math.min(agreeModel, agreeFull));
        }
        System.out.printf(Locale.ROOT, "parity %s over %d images: worst max|java-onnx| %.3g, worst mask agreement %.6f, "
                + "%d of %d full-size pixels differ%n", id, images.size(), worstDiff, worstAgreement, disagreeing, pixels);
        assertTrue(foreground > 0 && foreground < modelPixels,
                id + ": every pixel on one side of the threshold: the comparison would be vacuous");
    }
}
