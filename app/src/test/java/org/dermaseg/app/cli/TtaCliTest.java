package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dermaseg.app.testsupport.CliRunner;
import org.dermaseg.inference.SegmentationDefaults;
import org.dermaseg.inference.report.ImageRecordCsv;
import org.dermaseg.inference.engine.FlipTtaEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tta} / {@code --no-tta}: reports and JSON say which was used, and the masks come from it. */
class TtaCliTest {
    private static final Path ROOT = CliRunner.root();
    private static final String MODEL = ROOT.resolve("model").toString();

    @TempDir
    Path tmp;
    Path in;

    @BeforeEach
    void images() throws IOException {
        in = Files.createDirectories(tmp.resolve("in"));
        for (String id : List.of("IMD002", "IMD112")) {
            Files.copy(ROOT.resolve("assets/samples/images/" + id + ".png"), in.resolve(id + ".png"));
        }
    }

    private Path batch(String name, String... extra) {
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("batch", in.toString(), "-o", out.toString(), "--model", MODEL,
                "--workers", "1"));
        args.addAll(List.of(extra));
        CliRunner.Run r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        return out;
    }

    private static List<String> ttaColumn(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("report.csv"));
        int col = ImageRecordCsv.HEADER.indexOf("tta");
        assertEquals(col, List.of(lines.get(0).split(",")).indexOf("tta"), "a tta column in the header");
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)[col]).toList();
    }

    @Test
    void batchReportsRecordTtaAndItChangesTheProbabilities() throws IOException {
        Path with = batch("with", "--tta");
        Path without = batch("without", "--no-tta");
        Path byDefault = batch("default");

        JsonNode w = Json.MAPPER.readTree(with.resolve("report.json").toFile());
        JsonNode wo = Json.MAPPER.readTree(without.resolve("report.json").toFile());
        JsonNode d = Json.MAPPER.readTree(byDefault.resolve("report.json").toFile());
        assertTrue(w.get("tta").isBoolean() && w.get("tta").asBoolean(), w.toString());
        assertTrue(wo.get("tta").isBoolean() && !wo.get("tta").asBoolean(), wo.toString());
        assertEquals(SegmentationDefaults.TTA, d.get("tta").asBoolean(), "the default is the shared constant");
        assertTrue(w.get("engine").asText().contains(FlipTtaEngine.NOTE), w.get("engine").asText());
        assertFalse(wo.get("engine").asText().contains(FlipTtaEngine.NOTE), wo.get("engine").asText());

        assertEquals(List.of("true", "true"), ttaColumn(with));
        assertEquals(List.of("false", "false"), ttaColumn(without));

        // the model really ran differently: the masks of the two runs are not all identical
        boolean differ = false;
        for (String id : List.of("IMD002", "IMD112")) {
            String mask = id + "_segmentation.png";
            differ |= !java.util.Arrays.equals(Files.readAllBytes(with.resolve(mask)),
                    Files.readAllBytes(without.resolve(mask)));
        }
        assertTrue(differ, "TTA changed at least one mask");
    }

    @Test
    void segmentJsonSaysWhetherTtaRan() throws IOException {
        for (boolean on : new boolean[] {true, false}) {
            CliRunner.Run r = CliRunner.run("segment", in.resolve("IMD002.png").toString(), "-o",
                    tmp.resolve("seg-" + on).toString(), "--model", MODEL, "--json", on ? "--tta" : "--no-tta");
            assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
            JsonNode doc = Json.MAPPER.readTree(r.out());
            assertEquals(on, doc.get("tta").asBoolean(), r.out());
        }
        CliRunner.Run text = CliRunner.run("segment", in.resolve("IMD002.png").toString(), "-o",
                tmp.resolve("seg-text").toString(), "--model", MODEL, "--tta");
        assertTrue(text.out().contains(FlipTtaEngine.NOTE), "the engine line says TTA is on: " + text.out());
    }
}
