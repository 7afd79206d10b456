package org.dermaseg.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.dermaseg.app.ExitSignals;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.batch.BatchException;
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.batch.BatchRunner;
import org.dermaseg.inference.batch.BatchSummary;
import org.dermaseg.inference.batch.ReportJson;
import org.dermaseg.inference.batch.Shard;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.metrics.Protocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code batch IN_DIR -o OUT_DIR [--gt DIR] [--recursive] [--resume] [--overwrite] [--shard i/n]
 * [--workers N] [--overlays]}: a folder of images to masks, overlays and reports.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Segment every image in a folder: <stem>_segmentation.png (0/255) per image, mirroring "
                + "subfolders, plus report.csv and report.json (per image and a summary; metrics where ground "
                + "truth is found). A bad file never stops the batch; it is listed with the reason.",
            "Exit: 0 all good, 1 usage, 2 some inputs failed (the rest were processed), 3 fatal."})
public final class BatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN_DIR", description = "Folder of images (JPEG, PNG, BMP, TIFF).")
    Path inputDir;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT_DIR", required = true,
            description = "Output folder (created). May not hold reports of an earlier run unless --resume or --overwrite.")
    Path outputDir;

    @Option(names = "--gt", paramLabel = "DIR",
            description = "Ground-truth masks: <stem>[_segmentation|_lesion|_mask|_gt].<image ext>, flat or "
                    + "mirroring IN_DIR's subfolders. Masks beside the images are found too.")
    Path gtDir;

    @Option(names = "--gt-resize", description = "Resize ground truth of another size (nearest-neighbour) instead "
            + "of failing that image.")
    boolean gtResize;

    @Option(names = {"-r", "--recursive"}, description = "Include subfolders.")
    boolean recursive;

    @Option(names = "--resume", description = "Skip images whose mask already exists as a complete PNG "
            + "(still scored against ground truth).")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace existing outputs (default: an existing output fails "
            + "that image).")
    boolean overwrite;

    @Option(names = "--shard", paramLabel = "i/n", converter = ShardConverter.class,
            description = "Process only the i-th of n deterministic slices (1-based), e.g. "
                    + "--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT. Reports become report-shard-i-of-n.*")
    Shard shard = Shard.ALL;

    @Option(names = "--workers", paramLabel = "N",
            description = "Decode and encode threads (default: cores, at most 8); one thread feeds the engine, in batches.")
    Integer workers;

    @Option(names = "--overlays", description = "Also write <stem>_overlay.png as the window draws it (lesion fill "
            + "and outline; with ground truth: true positives green, false positives red, false negatives blue).")
    boolean overlays;

    @Mixin
    CommonOptions common;

    @Override
    @SuppressWarnings("try") // the signal scope is held for its block, not used in it
    public Integer call() throws Exception {
        if (resume && overwrite) {
            throw new DermasegCommand.UsageException("--resume and --overwrite contradict each other; choose one");
        }
        if (!Files.isDirectory(inputDir)) {
            throw new DermasegCommand.UsageException("input folder " + inputDir + " does not exist or is not a folder");
        }
        if (gtDir != null && !Files.isDirectory(gtDir)) {
            throw new DermasegCommand.UsageException("--gt " + gtDir + " does not exist or is not a folder");
        }
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new DermasegCommand.UsageException("-o " + outputDir + " exists and is not a folder");
        }
        BatchOptions options;
        try {
            options = BatchOptions.of(inputDir, outputDir).withGroundTruth(gtDir).withGtResizeNearest(gtResize)
                    .withRecursive(recursive).withResume(resume).withOverwrite(overwrite).withShard(shard)
                    .withOverlays(overlays).withPixelSizeMm(common.pixelSizeMm());
            if (workers != null) {
                options = options.withWorkers(workers);
            }
        } catch (IllegalArgumentException e) {
            throw new DermasegCommand.UsageException(e.getMessage());
        }
        PrintStream out = System.out;
        BatchProgress progress = new BatchProgress(System.err, BatchProgress.modeFor(common.json));
        ExitSignals.Deferred stop = new ExitSignals.Deferred();
        try (ExitSignals.Scope signals = ExitSignals.cancelling(stop);
             Segmenter segmenter = common.openSegmenter()) {
            if (!common.json) {
                out.println("engine " + segmenter.engineInfo() + ", threshold " + segmenter.threshold()
                        + ", workers " + options.workers() + (shard.isAll() ? "" : ", shard " + shard));
            }
            BatchRunner runner = new BatchRunner(segmenter, options, progress);
            stop.target(runner::cancel);
            BatchSummary summary;
            try {
                summary = runner.run();
            } catch (BatchException e) {
                if (e.isUsage()) {
                    throw new DermasegCommand.UsageException(e.getMessage());
                }
                System.err.println("dermaseg: fatal: " + e.getMessage());
                return ExitCodes.FATAL;
            }
            if (common.json) {
                printJson(out, summary, progress.failures(), segmenter.engineInfo());
            } else {
                printText(out, summary, progress.failures());
            }
            return summary.allGood() ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        }
    }

    static void printText(PrintStream out, BatchSummary s, List<String> failures) {
        out.printf(Locale.ROOT, "%d listed: %d ok, %d failed, %d skipped%s in %.1f s (%.2f images/s)%n",
                s.listed(), s.ok(), s.failed(), s.skipped(),
                s.cancelled() ? ", CANCELLED with " + s.notReached() + " not reached" : "",
                s.wallSeconds(), s.wallSeconds() > 0 ? s.ok() / s.wallSeconds() : 0.0);
        if (!failures.isEmpty()) {
            out.println("failed:");
            for (String f : failures) {
                out.println("  " + f);
            }
            if (s.failed() > failures.size()) {
                out.println("  ... and " + (s.failed() - failures.size()) + " more (see the report)");
            }
        }
        if (s.metrics() != null) {
            out.println("metrics over " + s.metrics().images() + " image(s) with ground truth:");
            out.println("  " + MetricsText.paperLine(s.metrics()));
            out.println("  " + MetricsText.nativeLine(s.metrics()));
        }
        if (s.reportCsv() != null) {
            out.println("reports: " + s.reportCsv() + ", " + s.reportJson());
        }
    }

    static void printJson(PrintStream out, BatchSummary s, List<String> failures, EngineInfo engine)
            throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("command", "batch");
        g.writeObjectFieldStart("engine");
        g.writeStringField("label", engine.label());
        g.writeStringField("detail", engine.detail());
        g.writeStringField("fallbackReason", engine.fallbackReason());
        g.writeStringField("choiceReason", engine.choiceReason());
        g.writeEndObject();
        g.writeFieldName("summary");
        ReportJson.summary(g, s);
        g.writeArrayFieldStart("failures");
        for (String f : failures) {
            g.writeString(f);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }

    /** {@code i/n} -&gt; {@link Shard}; a bad value is a usage error (exit 1). */
    public static final class ShardConverter implements CommandLine.ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                return Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code paper|native} -&gt; {@link Protocol}. */
    public static final class ProtocolConverter implements CommandLine.ITypeConverter<Protocol> {
        @Override
        public Protocol convert(String value) {
            try {
                return Protocol.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
