package org.dermaseg.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dermaseg.app.ExitSignals;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.batch.BatchException;
import org.dermaseg.inference.batch.BatchListener;
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.batch.BatchRunner;
import org.dermaseg.inference.batch.BatchSummary;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;

/**
 * Images named on the command line ({@code segment}, {@code report}, {@code samples}) through the batch's one
 * per-image loop, {@link BatchRunner}: the rows come back in the order the images were given, for the command
 * to print its own table or JSON.
 *
 * @param rows    one per image reached, in the order given
 * @param summary the run's counts and pooled metrics
 */
record FileRun(List<ImageRecord> rows, BatchSummary summary) {

    /** Images a row was made for (the rest were not reached: a signal stopped the run). */
    long reached() {
        return summary.ok() + summary.failed() + summary.skipped();
    }

    long failed() {
        return rows.stream().filter(r -> r.status() == ImageStatus.FAILED).count();
    }

    /**
     * The closing line of {@code segment} and {@code report}, e.g. "3 of 4 images segmented, 1 failed"; after
     * Ctrl+C / SIGTERM the images in progress were finished and the rest is named as left.
     *
     * @param given how many images the command was given
     * @param what  what a finished image is, e.g. "images segmented"
     */
    String summaryLine(int given, String what) {
        long failed = failed();
        long done = reached();
        return (done - failed) + " of " + given + " " + what + (failed > 0 ? ", " + failed + " failed" : "")
                + (done < given ? ", STOPPED by a signal before the other " + (given - done) : "");
    }

    /** The output folder of {@code segment} and {@code report}: created; a file of that name is a usage error. */
    static void prepareOutput(Path outputDir) throws IOException, DermasegCommand.UsageException {
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new DermasegCommand.UsageException("-o " + outputDir + " exists and is not a folder");
        }
        Files.createDirectories(outputDir);
    }

    /**
     * Runs {@code options} (files one by one). A signal through {@code stop} lets the images in progress finish
     * and leaves the rest; an engine failure ends the command as before the batch loop took over (fatal, the
     * engine's message), since later images would fail the same way.
     *
     * @param stop the command's signal scope target, or null when signals end the command (samples)
     * @throws EngineException                   the engine broke
     * @throws DermasegCommand.UsageException    the run could not start for a reason the user can fix
     * @throws BatchException                    any other reason the run could not start (fatal)
     */
    static FileRun run(Segmenter segmenter, BatchOptions options, ExitSignals.Deferred stop)
            throws EngineException, DermasegCommand.UsageException, BatchException {
        List<ImageRecord> rows = new ArrayList<>();
        BatchListener collect = new BatchListener() { // the runner serialises these calls
            @Override
            public void fileDone(ImageRecord r) {
                rows.add(r);
            }

            @Override
            public void fileFailed(Path path, String reason, ImageRecord r) {
                rows.add(r);
            }
        };
        BatchRunner runner = new BatchRunner(segmenter, options.withStopOnEngineFailure(true), collect);
        if (stop != null) {
            stop.target(runner::cancel);
        }
        BatchSummary summary;
        try {
            summary = runner.run();
        } catch (BatchException e) {
            if (e.getCause() instanceof EngineException broken) {
                throw broken;
            }
            if (e.isUsage()) {
                throw new DermasegCommand.UsageException(e.getMessage());
            }
            throw e;
        }
        rows.sort(Comparator.comparingLong(ImageRecord::position));
        return new FileRun(List.copyOf(rows), summary);
    }
}
