package org.dermaseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dermaseg.inference.report.ImageRecord;
import org.junit.jupiter.api.Test;

class BatchProgressTest {

    @Test
    void barShowsFractionRateEtaAndFailures() {
        String b = BatchProgress.bar(25, 100, 2, 10.0, 20);
        assertTrue(b.startsWith("[#####...............] 25/100  25%"), b);
        assertTrue(b.contains("2.5 img/s"), b);
        assertTrue(b.contains("ETA 30s"), b);
        assertTrue(b.endsWith("2 failed"), b);
        assertTrue(BatchProgress.bar(100, 100, 0, 10.0, 10).startsWith("[##########] 100/100 100%"));
        assertEquals("1m05s", BatchProgress.duration(65));
        assertEquals("2h03m", BatchProgress.duration(2 * 3600 + 3 * 60 + 10));
    }

    @Test
    void plainLinesOffATerminalAndFailuresKeptForTheSummary() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BatchProgress p = new BatchProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), BatchProgress.Mode.LINES);
        p.started(2);
        p.fileFailed(Path.of("x.png"), "cannot decode", ImageRecord.failed(0, "x.png", "cannot decode"));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[1/2] FAILED x.png: cannot decode"), text);
        assertEquals(1, p.failures().size());
    }

    @Test
    void quietModePrintsNothing() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BatchProgress p = new BatchProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), BatchProgress.Mode.QUIET);
        p.started(1);
        p.fileFailed(Path.of("x.png"), "r", ImageRecord.failed(0, "x.png", "r"));
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
    }
}
