package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dermaseg.inference.batch.BatchListener;
import org.dermaseg.inference.batch.BatchSummary;
import org.dermaseg.inference.report.ImageRecord;

/**
 * Progress on standard error: a redrawn bar on a terminal, one plain line per file otherwise (logs,
 * pipes, cluster jobs), nothing in quiet mode. Standard output stays free for results and JSON.
 * Also keeps the first failures for the closing message. Calls arrive serialised from the runner.
 */
final class BatchProgress implements BatchListener {
    static final int FAILURES_KEPT = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    enum Mode { BAR, LINES, QUIET }

    private final PrintStream err;
    private final Mode mode;
    private final List<String> failures = new ArrayList<>();
    private long total;
    private long done;
    private long failed;
    private long startNanos;
    private long lastDraw;
    private boolean barShown;

    BatchProgress(PrintStream err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    /** Bar on a terminal (System.console() present), lines otherwise; quiet for --json off a terminal. */
    static Mode modeFor(boolean json) {
        boolean tty = System.console() != null;
        return tty ? Mode.BAR : json ? Mode.QUIET : Mode.LINES;
    }

    List<String> failures() {
        return failures;
    }

    @Override
    public void started(long total) {
        this.total = total;
        this.startNanos = System.nanoTime();
        if (mode == Mode.LINES) {
            err.println(total + " input(s) to process");
        }
    }

    @Override
    public void fileDone(ImageRecord r) {
        done++;
        if (mode == Mode.LINES) {
            StringBuilder sb = new StringBuilder(prefix()).append(r.status().id()).append(' ').append(r.path());
            if (r.ms() != null) {
                sb.append(String.format(Locale.ROOT, " %.0f ms", r.ms()));
            }
            if (r.hasMetrics()) {
                sb.append(" Dice ").append(MetricsText.f4(r.dice()));
            }
            err.println(sb);
        } else if (mode == Mode.BAR) {
            draw(false);
        }
    }

    @Override
    public void fileFailed(Path path, String reason, ImageRecord r) {
        done++;
        failed++;
        String line = r.path() + ": " + reason;
        if (failures.size() < FAILURES_KEPT) {
            failures.add(line);
        }
        if (mode == Mode.LINES) {
            err.println(prefix() + "FAILED " + line);
        } else if (mode == Mode.BAR) {
            clearBar();
            err.println("FAILED " + line);
            draw(true);
        }
    }

    @Override
    public void finished(BatchSummary summary) {
        if (mode == Mode.BAR) {
            draw(true);
            err.println();
            barShown = false;
        }
    }

    private String prefix() {
        return "[" + done + "/" + total + "] ";
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        double seconds = (now - startNanos) / 1e9;
        err.print('\r' + bar(done, total, failed, seconds, 30));
        err.flush();
        barShown = true;
    }

    private void clearBar() {
        if (barShown) {
            err.print("\r\033[2K");
            barShown = false;
        }
    }

    /** {@code [#########.....]  45/100  45%  3.2 img/s  ETA 17s  1 failed} */
    static String bar(long done, long total, long failed, double seconds, int width) {
        double frac = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(frac * width);
        StringBuilder sb = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(width - filled))
                .append("] ").append(done).append('/').append(total)
                .append(String.format(Locale.ROOT, " %3d%%", Math.round(frac * 100)));
        if (seconds > 0 && done > 0) {
            double rate = done / seconds;
            sb.append(String.format(Locale.ROOT, "  %.1f img/s", rate));
            if (done < total) {
                sb.append("  ETA ").append(duration((total - done) / rate));
            }
        }
        if (failed > 0) {
            sb.append("  ").append(failed).append(" failed");
        }
        return sb.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
