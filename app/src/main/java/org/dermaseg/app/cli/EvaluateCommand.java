package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.dermaseg.app.ExitSignals;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.batch.BatchException;
import org.dermaseg.inference.batch.BatchListener;
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.batch.BatchRunner;
import org.dermaseg.inference.batch.BatchSummary;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;
import org.dermaseg.inference.batch.ModelComparison;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.batch.PredictionEvaluator;
import org.dermaseg.inference.batch.ReportJson;
import org.dermaseg.inference.metrics.Protocol;
import org.dermaseg.inference.report.ImageRecordJson;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate --pred DIR --gt DIR [--protocol paper|native]} scores existing masks;
 * {@code evaluate --images DIR --gt DIR} segments and scores in one go (nothing written).
 * Prints per-image numbers in the chosen protocol and pooled numbers in both, each labelled.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score predicted masks (--pred) or the model on images (--images) against ground truth.",
            "paper protocol: ONE confusion matrix pooled over all pixels of all images at 256x256 (as the "
                + "UltraLight VM-UNet paper scores); native protocol: per-image metrics at image resolution, "
                + "then means. Both pooled results are printed; --protocol picks the per-image table.",
            "--images with --model-id A --model-id B (or more) runs each model on the same images and prints one "
                + "table: pooled and per-image mean Dice and IoU for each, and how often each has the best "
                + "per-image Dice.",
            "Exit: 0 all scored, 1 usage, 2 some inputs failed or had no ground truth, 3 fatal."})
public final class EvaluateCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--pred", paramLabel = "DIR", required = true,
                description = "Predicted masks: <stem>_segmentation.<ext> (as batch writes), else <stem>.<ext>.")
        Path pred;

        @Option(names = "--images", paramLabel = "DIR", required = true,
                description = "Images to segment with the model and score (no files written).")
        Path images;
    }

    @Option(names = "--gt", paramLabel = "DIR", required = true,
            description = "Ground-truth masks: <stem>[_segmentation|_lesion|_mask|_gt].<image ext>.")
    Path gtDir;

    @Option(names = "--protocol", paramLabel = "paper|native", defaultValue = "paper",
            converter = BatchCommand.ProtocolConverter.class,
            description = "Protocol of the per-image table and the first pooled line (default: ${DEFAULT-VALUE}).")
    Protocol protocol = Protocol.PAPER;

    @Option(names = {"-r", "--recursive"}, description = "Include subfolders.")
    boolean recursive;

    @Option(names = "--gt-resize", description = "Resize ground truth of another size (nearest-neighbour) "
            + "instead of failing that image.")
    boolean gtResize;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel threads (default: cores, at most 8).")
    Integer workers;

    @Mixin
    CommonOptions common;

    /** The model that ran ({@code --images}), named in the output; null for stored masks. */
    private org.dermaseg.inference.model.ModelArtifacts model;
    /** The engine that ran ({@code --images}), named in the output; null for stored masks. */
    private String engine;

    /** Rows for the table (small records, no pixels) plus progress. */
    private static final class Rows implements BatchListener {
        final List<ImageRecord> rows = new ArrayList<>();
        final BatchProgress progress;

        Rows(BatchProgress progress) {
            this.progress = progress;
        }

        @Override
        public void started(long total) {
            progress.started(total);
        }

        @Override
        public void fileDone(ImageRecord r) {
            rows.add(r);
            progress.fileDone(r);
        }

        @Override
        public void fileFailed(Path path, String reason, ImageRecord r) {
            rows.add(r);
            progress.fileFailed(path, reason, r);
        }

        @Override
        public void finished(BatchSummary s) {
            progress.finished(s);
        }
    }

    @Override
    @SuppressWarnings("try") // the signal scope is held for its block, not used in it
    public Integer call() throws Exception {
        if (!Files.isDirectory(gtDir)) {
            throw new DermasegCommand.UsageException("--gt " + gtDir + " does not exist or is not a folder");
        }
        Path in = source.pred != null ? source.pred : source.images;
        if (!Files.isDirectory(in)) {
            throw new DermasegCommand.UsageException((source.pred != null ? "--pred " : "--images ") + in
                    + " does not exist or is not a folder");
        }
        int threads = workers != null ? workers : Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        if (threads < 1 || threads > 256) {
            throw new DermasegCommand.UsageException("--workers must be between 1 and 256, not " + threads);
        }
        if (source.pred != null && !common.modelIds.isEmpty()) {
            throw new DermasegCommand.UsageException("--model-id runs a model: it goes with --images, not --pred");
        }
        if (common.modelIds.size() > 1) {
            return compareModels(threads);
        }
        Rows rows = new Rows(new BatchProgress(System.err, BatchProgress.modeFor(common.json)));
        BatchSummary summary;
        long unmatched = 0;
        List<String> unmatchedExamples = List.of();
        try {
            if (source.pred != null) {
                PredictionEvaluator evaluator = new PredictionEvaluator(source.pred, gtDir, recursive, gtResize, threads,
                        rows);
                PredictionEvaluator.Result r;
                try (ExitSignals.Scope signals = ExitSignals.cancelling(evaluator::cancel)) {
                    r = evaluator.run();
                }
                summary = r.summary();
                unmatched = r.groundTruthWithoutPrediction();
                unmatchedExamples = r.unmatchedExamples();
            } else {
                summary = segmentAndScore(common::openSegmenter, threads, rows, segmenter -> {
                    engine = segmenter.engineInfo().toString();
                    model = segmenter.artifacts();
                });
            }
        } catch (BatchException e) {
            return fatalOrUsage(e);
        }
        if (summary.listed() == 0) {
            throw new DermasegCommand.UsageException("nothing to evaluate: no " + (source.pred != null
                    ? "predicted masks" : "images") + " in " + in);
        }
        rows.rows.sort(Comparator.comparingLong(ImageRecord::position));
        long unscored = rows.rows.stream().filter(r -> r.status() == ImageStatus.OK && !r.hasMetrics()).count();
        PrintStream out = System.out;
        if (common.json) {
            printJson(out, summary, rows.rows, engine, unscored, unmatched);
        } else {
            printText(out, summary, rows.rows, engine, unscored, unmatched, unmatchedExamples);
        }
        return summary.allGood() && unscored == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }

    /** Each model in turn on the same images (one at a time: each already uses every core), then one table. */
    @SuppressWarnings("try") // the signal scope is held for its block, not used in it
    private int compareModels(int threads) throws Exception {
        SegmenterOptions opts = common.segmenterOptions();
        List<org.dermaseg.inference.model.ModelArtifacts> models = common.models(); // all checked before one runs
        List<ModelComparison.Run> runs = new ArrayList<>();
        List<EngineInfo> engines = new ArrayList<>();
        boolean allGood = true;
        for (org.dermaseg.inference.model.ModelArtifacts model : models) {
            Rows rows = new Rows(new BatchProgress(System.err, BatchProgress.modeFor(common.json)));
            BatchSummary summary;
            try {
                summary = segmentAndScore(() -> Segmenter.open(model, common.engine, common.device, opts), threads,
                        rows, segmenter -> {
                            if (!common.json) {
                                System.err.println("model " + model.id() + ": " + segmenter.engineInfo());
                            }
                            engines.add(segmenter.engineInfo());
                        });
            } catch (BatchException e) {
                return fatalOrUsage(e);
            }
            if (summary.listed() == 0) {
                throw new DermasegCommand.UsageException("nothing to evaluate: no images in " + source.images);
            }
            if (summary.cancelled()) {
                System.err.println("dermaseg: cancelled while running " + model.id());
                return ExitCodes.SOME_FAILED;
            }
            long unscored = rows.rows.stream().filter(r -> r.status() == ImageStatus.OK && !r.hasMetrics()).count();
            allGood &= summary.allGood() && unscored == 0;
            runs.add(new ModelComparison.Run(model.id(), model.card().version(), rows.rows));
        }
        for (ModelComparison.Run r : runs) {
            r.rows().sort(Comparator.comparingLong(ImageRecord::position));
        }
        ModelComparison.Result result = ModelComparison.compare(runs, protocol);
        if (common.json) {
            ModelComparisonText.printJson(System.out, result, engines);
        } else {
            ModelComparisonText.print(System.out, result, engines);
        }
        return allGood ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }

    /** Opens a model's segmenter (it may fail like {@link CommonOptions#openSegmenter}). */
    @FunctionalInterface
    private interface SegmenterOpener {
        Segmenter open() throws Exception;
    }

    /**
     * Segments and scores {@code --images} with one model, writing nothing: the one run of both the single-model
     * evaluation and each model of a comparison. The signal scope opens before the engine: a signal while ONNX
     * Runtime starts must not end the JVM under it; once the batch runs, a signal cancels it.
     *
     * @param opened called with the open segmenter before the images run (to name its engine)
     */
    @SuppressWarnings("try") // the signal scope is held for its block, not used in it
    private BatchSummary segmentAndScore(SegmenterOpener opener, int threads, Rows rows,
                                         java.util.function.Consumer<Segmenter> opened) throws Exception {
        ExitSignals.Deferred stop = new ExitSignals.Deferred();
        try (ExitSignals.Scope signals = ExitSignals.cancelling(stop);
             Segmenter segmenter = opener.open()) {
            opened.accept(segmenter);
            BatchOptions options = BatchOptions.of(source.images, null).withGroundTruth(gtDir)
                    .withGtResizeNearest(gtResize).withRecursive(recursive).withWorkers(threads);
            BatchRunner runner = new BatchRunner(segmenter, options, rows);
            stop.target(runner::cancel);
            return runner.run();
        }
    }

    /** A batch that could not run: a usage error (exit 1) or, printed, fatal (exit 3). */
    private static int fatalOrUsage(BatchException e) throws DermasegCommand.UsageException {
        if (e.isUsage()) {
            throw new DermasegCommand.UsageException(e.getMessage());
        }
        System.err.println("dermaseg: fatal: " + e.getMessage());
        return ExitCodes.FATAL;
    }

    private void printText(PrintStream out, BatchSummary s, List<ImageRecord> rows, String engine, long unscored,
                           long unmatched, List<String> unmatchedExamples) {
        if (model != null) {
            out.println("model " + model.id() + " " + model.card().version());
        }
        if (engine != null) {
            out.println("engine " + engine);
        }
        out.println(MetricsText.perImageTitle(protocol));
        MetricsText.perImage(rows, protocol).print(out);
        out.println();
        if (s.metrics() == null) {
            out.println("no image could be scored");
        } else {
            out.println("pooled over " + s.metrics().images() + " scored image(s)"
                    + (source.pred != null ? " (masks only: the paper protocol resizes them to 256x256 like "
                    + "the ground truth)" : "") + ":");
            MetricsText.pooled(out, s.metrics(), protocol);
        }
        if (s.failed() > 0 || unscored > 0) {
            out.println(s.failed() + " failed" + (unscored > 0 ? ", " + unscored + " without ground truth" : "")
                    + " (listed above; not in the pooled numbers)");
        }
        if (unmatched > 0) {
            out.println("warning: " + unmatched + " ground-truth mask(s) have no prediction, e.g. "
                    + String.join(", ", unmatchedExamples.subList(0, Math.min(5, unmatchedExamples.size())))
                    + " — the numbers above cover a subset");
        }
        if (s.cancelled()) {
            out.println("CANCELLED: " + s.notReached() + " input(s) not reached");
        }
    }

    private void printJson(PrintStream out, BatchSummary s, List<ImageRecord> rows, String engine, long unscored,
                           long unmatched) throws java.io.IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("command", "evaluate");
        g.writeStringField("mode", source.pred != null ? "pred" : "images");
        g.writeStringField("protocol", protocol.id());
        g.writeStringField("engine", engine);
        if (model != null) {
            g.writeStringField("modelId", model.id());
            g.writeStringField("modelVersion", model.card().version());
        }
        if (source.pred == null) {
            g.writeBooleanField("tta", common.tta);
        }
        g.writeNumberField("withoutGroundTruth", unscored);
        g.writeNumberField("groundTruthWithoutPrediction", unmatched);
        g.writeArrayFieldStart("images");
        for (ImageRecord r : rows) {
            ImageRecordJson.write(g, r);
        }
        g.writeEndArray();
        g.writeFieldName("summary");
        ReportJson.summary(g, s);
        g.writeEndObject();
        g.flush();
        out.println();
    }
}
