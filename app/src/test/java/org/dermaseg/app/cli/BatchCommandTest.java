package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.app.testsupport.CliRunner;

class BatchCommandTest {
    private static final Path ROOT = CliRunner.root();
    private static final String MODEL = ROOT.resolve("model").toString();
    private static final String GT = ROOT.resolve("assets/samples/masks").toString();

    @TempDir
    Path tmp;
    Path in;
    Path out;

    @BeforeEach
    void images() throws IOException {
        in = Files.createDirectories(tmp.resolve("in"));
        out = tmp.resolve("out");
        for (String id : List.of("IMD002", "IMD112")) {
            Files.copy(ROOT.resolve("assets/samples/images/" + id + ".png"), in.resolve(id + ".png"));
        }
    }

    private CliRunner.Run batch(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("batch", in.toString(), "-o", out.toString(),
                "--model", MODEL, "--workers", "2"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void corruptInputMeansExitTwoAfterProcessingTheRest() throws IOException {
        Files.writeString(in.resolve("broken.jpg"), "not a jpeg");
        CliRunner.Run r = batch("--gt", GT, "--overlays");
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("IMD002_segmentation.png")));
        assertTrue(Files.isRegularFile(out.resolve("IMD112_segmentation.png")));
        assertTrue(Files.isRegularFile(out.resolve("IMD112_overlay.png")));
        assertTrue(r.out().contains("2 ok, 1 failed"), r.out());
        assertTrue(r.out().contains("broken.jpg: "), r.out());
        assertTrue(r.out().contains("paper protocol") && r.out().contains("native protocol"), r.out());
        assertTrue(r.err().contains("FAILED broken.jpg"), "plain progress lines off a terminal:\n" + r.err());
        String csv = Files.readString(out.resolve("report.csv"));
        assertTrue(csv.contains(",broken.jpg,failed,"), csv);
        assertEquals(4, csv.lines().count(), "header + 3 rows");
    }

    @Test
    void allGoodIsZeroThenReportsGuardTheOutputUntilResume() throws IOException {
        assertEquals(ExitCodes.OK, batch().code());
        CliRunner.Run again = batch();
        assertEquals(ExitCodes.USAGE, again.code());
        assertTrue(again.err().contains("--resume"), again.err());

        CliRunner.Run resumed = batch("--resume", "--json");
        assertEquals(ExitCodes.OK, resumed.code(), resumed.err());
        JsonNode doc = Json.MAPPER.readTree(resumed.out());
        assertEquals("batch", doc.get("command").asText());
        assertEquals(2, doc.get("summary").get("skipped").asInt());
        assertEquals(0, doc.get("summary").get("ok").asInt());
        assertTrue(doc.get("summary").get("allGood").asBoolean());
    }

    @Test
    void existingMaskWithoutFlagsFailsThatImageOnly() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("IMD002_segmentation.png"), "keep me");
        CliRunner.Run r = batch();
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.out() + r.err());
        assertEquals("keep me", Files.readString(out.resolve("IMD002_segmentation.png")));
        assertTrue(r.out().contains("exists; use --resume or --overwrite"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("IMD112_segmentation.png")));

        Files.delete(out.resolve("report.csv"));
        Files.delete(out.resolve("report.json"));
        assertEquals(ExitCodes.OK, batch("--overwrite").code());
        assertFalse(Files.readString(out.resolve("IMD002_segmentation.png"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("keep me"));
    }

    @Test
    void shardsSplitTheFolderWithTheirOwnReports() throws IOException {
        assertEquals(ExitCodes.OK, batch("--shard", "1/2").code());
        assertEquals(ExitCodes.OK, batch("--shard", "2/2").code());
        long rows = 0;
        for (int i = 1; i <= 2; i++) {
            rows += Files.readAllLines(out.resolve("report-shard-" + i + "-of-2.csv")).size() - 1;
        }
        assertEquals(2, rows);
        assertTrue(Files.isRegularFile(out.resolve("IMD002_segmentation.png")));
        assertTrue(Files.isRegularFile(out.resolve("IMD112_segmentation.png")));
    }

    @Test
    void usageErrorsExitOne() {
        assertEquals(ExitCodes.USAGE, batch("--resume", "--overwrite").code());
        assertEquals(ExitCodes.USAGE, batch("--shard", "3/2").code());
        assertEquals(ExitCodes.USAGE, batch("--shard", "x").code());
        assertEquals(ExitCodes.USAGE, batch("--workers", "0").code());
        assertEquals(ExitCodes.USAGE, batch("--gt", tmp.resolve("nope").toString()).code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("batch", tmp.resolve("nope").toString(), "-o", out.toString(),
                "--model", MODEL).code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("batch", in.toString()).code()); // -o missing
    }

    @Test
    void missingModelIsFatal() {
        CliRunner.Run r = CliRunner.run("batch", in.toString(), "-o", out.toString(), "--model",
                tmp.resolve("no-model").toString());
        assertEquals(ExitCodes.FATAL, r.code(), r.err());
    }
}
