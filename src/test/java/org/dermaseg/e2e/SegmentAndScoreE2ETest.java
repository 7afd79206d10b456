package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.inference.image.MatScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.testsupport.RepoPaths;

/**
 * Two routes through the product must agree: masks written by {@code segment} and scored here with
 * plain OpenCV reads, against the Dice that {@code samples} reports from its own pipeline.
 */
class SegmentAndScoreE2ETest {
    @TempDir
    Path tmp;

    private static byte[] readGrey(Path p) {
        try (MatScope mats = new MatScope()) {
            Mat m = mats.add(Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_GRAYSCALE));
            assertTrue(!m.empty(), "cannot read " + p);
            byte[] b = new byte[(int) m.total()];
            m.get(0, 0, b);
            return b;
        }
    }

    @Test
    void writtenMasksScoreAsTheSamplesCommandReports() throws Exception {
        org.dermaseg.inference.image.OpenCvNatives.ensureLoaded();
        Path root = RepoPaths.root();
        String model = root.resolve("model").toString();
        Path imagesDir = root.resolve("assets/samples/images");
        List<String> args = new ArrayList<>(List.of("segment", "--model", model, "-o", tmp.toString()));
        try (Stream<Path> s = Files.list(imagesDir)) {
            s.sorted().forEach(p -> args.add(p.toString()));
        }
        CliRunner.Run seg = CliRunner.runMain(args.toArray(String[]::new));
        assertEquals(0, seg.code(), seg.out() + seg.err());

        CliRunner.Run samples = CliRunner.runMain("samples", "--json", "--model", model);
        assertEquals(0, samples.code(), samples.err());
        Map<String, Double> reported = new HashMap<>();
        for (JsonNode im : new ObjectMapper().readTree(samples.out()).get("images")) {
            reported.put(im.get("image").asText().replace(".png", ""), im.get("dice").asDouble());
        }
        assertEquals(10, reported.size());

        for (Map.Entry<String, Double> e : reported.entrySet()) {
            byte[] pred = readGrey(tmp.resolve(e.getKey() + "_segmentation.png"));
            byte[] gt = readGrey(root.resolve("assets/samples/masks/" + e.getKey() + "_lesion.png"));
            assertEquals(gt.length, pred.length, e.getKey() + ": mask size differs from ground truth");
            long tp = 0;
            long predPos = 0;
            long gtPos = 0;
            for (int i = 0; i < pred.length; i++) {
                int pv = pred[i] & 0xff;
                assertTrue(pv == 0 || pv == 255, "mask values are 0/255, found " + pv);
                boolean p = pv == 255;
                boolean g = (gt[i] & 0xff) >= 128;
                tp += p && g ? 1 : 0;
                predPos += p ? 1 : 0;
                gtPos += g ? 1 : 0;
            }
            double dice = predPos + gtPos == 0 ? 1.0 : 2.0 * tp / (predPos + gtPos);
            assertEquals(dice, e.getValue(), 1e-12, e.getKey());
        }
    }
}
