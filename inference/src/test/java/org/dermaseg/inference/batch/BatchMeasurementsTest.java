package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dermaseg.inference.Golden;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.measure.MeasurementsCsv;
import org.dermaseg.inference.model.ModelArtifacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's report.json and report.csv carry each image's measurements, in mm when a pixel size is given. */
class BatchMeasurementsTest {
    private static final Set<String> IDS = Set.of("white", "red", "light_brown", "dark_brown", "blue_gray", "black");

    @TempDir
    Path tmp;

    @Test
    void reportsCarryMeasurementsPerImage() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String id : List.of("IMD057", "IMD413")) {
            Files.copy(RepoPaths.root().resolve("assets/samples/images/" + id + ".png"), in.resolve(id + ".png"));
        }
        Files.writeString(in.resolve("broken.png"), "not an image");
        Path out = tmp.resolve("out");
        try (Segmenter seg = Segmenter.open(ModelArtifacts.fromDirectory(Golden.modelDir()), EngineChoice.ONNX,
                DeviceChoice.CPU, SegmenterOptions.DEFAULT)) {
            BatchSummary s = new BatchRunner(seg, BatchOptions.of(in, out).withWorkers(1).withPixelSizeMm(0.02),
                    null).run();
            assertEquals(2, s.ok());
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        int measured = 0;
        for (JsonNode row : report.get("images")) {
            JsonNode m = row.get("measurements");
            if (!"ok".equals(row.get("status").asText())) {
                assertTrue(m.isNull(), "a failed row has no measurements");
                continue;
            }
            measured++;
            int asym = m.get("asymmetry").asInt(-1);
            assertTrue(asym >= 0 && asym <= 2, "asymmetry " + m.get("asymmetry"));
            assertTrue(m.get("asymmetry").isInt());
            assertTrue(m.get("colours").isArray() && m.get("colours").size() >= 1, m.toString());
            m.get("colours").forEach(c -> assertTrue(IDS.contains(c.asText()), c.asText()));
            assertEquals(IDS, setOf(m.get("colourFractions").fieldNames()));
            long areaPx = m.get("areaPx").asLong();
            assertEquals(row.get("lesionAreaPx").asLong(), areaPx);
            assertEquals(areaPx * 0.02 * 0.02, m.get("areaMm2").asDouble(), 1e-6);
            assertEquals(m.get("maxDiameterPx").asDouble() * 0.02, m.get("maxDiameterMm").asDouble(), 1e-9);
            assertTrue(m.get("perimeterPx").asDouble() > 0);
        }
        assertEquals(2, measured);
        List<String> csv = Files.readAllLines(out.resolve("report.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(csv.get(0).split(","));
        assertTrue(header.containsAll(MeasurementsCsv.HEADER), header.toString());
        String ok = csv.stream().filter(l -> l.contains("IMD057")).findFirst().orElseThrow();
        String asymCell = ok.split(",", -1)[header.indexOf("asymmetry")];
        assertTrue(asymCell.matches("[012]"), "asymmetry cell " + asymCell);
    }

    private static Set<String> setOf(java.util.Iterator<String> it) {
        java.util.Set<String> s = new java.util.HashSet<>();
        it.forEachRemaining(s::add);
        return s;
    }
}
