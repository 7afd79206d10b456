package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.app.SampleData;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.MetricsPool;
import org.dermaseg.inference.metrics.PoolSummary;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code samples}: segments the bundled PH2 samples and prints Dice per image against their expert masks,
 * the quickest check that model, engine and metrics work together on a fresh machine. Runs through the batch's
 * loop ({@link FileRun}), writing nothing.
 */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Segment the bundled sample images and print Dice per image against their ground truth.")
public final class SamplesCommand implements Callable<Integer> {
    @Option(names = "--images", paramLabel = "DIR", description = "Images (default: the bundled assets/samples/images).")
    Path imagesDir;

    @Option(names = "--gt", paramLabel = "DIR", description = "Ground-truth masks (default: the bundled assets/samples/masks).")
    Path gtDir;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (imagesDir == null) {
            Path samples = DermasegCommand.locateSamples();
            imagesDir = samples.resolve("images");
            if (gtDir == null) {
                gtDir = samples.resolve("masks");
            }
        }
        if (!Files.isDirectory(imagesDir)) {
            throw new DermasegCommand.UsageException("--images " + imagesDir + " is not a folder");
        }
        if (gtDir != null && !Files.isDirectory(gtDir)) {
            throw new DermasegCommand.UsageException("--gt " + gtDir + " is not a folder");
        }
        List<Path> images = SampleData.images(imagesDir);
        if (images.isEmpty()) {
            throw new DermasegCommand.UsageException("no images in " + imagesDir);
        }
        PrintStream out = System.out;
        BatchOptions options = BatchOptions.ofFiles(images, null).withGroundTruth(gtDir)
                .withGtNextToImage(gtDir == null);
        try (Segmenter segmenter = common.openSegmenter()) {
            if (!common.json) {
                printHeader(out, segmenter);
            }
            // no signal scope of its own: a signal ends the command once no ONNX Runtime call runs
            FileRun run = FileRun.run(segmenter, options, null);
            List<ImageRecord> rows = run.rows().stream().map(this::scoredOrFailed).toList();
            long failed = rows.stream().filter(r -> r.status() == ImageStatus.FAILED).count();
            PoolSummary s = run.summary().metrics() != null ? run.summary().metrics() : new MetricsPool().summary();
            if (common.json) {
                ObjectNode doc = Json.object();
                doc.put("model", segmenter.card().name() + " " + segmenter.card().version());
                doc.put("trained", segmenter.card().trained());
                doc.put("engine", segmenter.engineInfo().label());
                doc.put("fallbackReason", segmenter.engineInfo().fallbackReason());
                doc.put("engineChoice", segmenter.engineInfo().choiceReason());
                doc.put("threshold", segmenter.threshold());
                doc.put("tta", segmenter.options().tta());
                ArrayNode jsonRows = doc.putArray("images");
                rows.forEach(r -> jsonRows.add(jsonRow(r)));
                Json.putNumber(doc, "meanDice", s.nativeDice().value());
                Json.putNumber(doc, "pooledDscPaper", s.paper().dice());
                doc.put("failed", failed);
                Json.print(out, doc);
            } else {
                table(rows).print(out);
                out.printf(Locale.ROOT, "mean Dice over %d images (native resolution): %s%n", s.images(),
                        f4(s.nativeDice().value()));
                out.printf(Locale.ROOT, "pooled DSC, paper protocol (256x256, one confusion matrix): %s%n",
                        f4(s.paper().dice()));
                if (failed > 0) {
                    out.println(failed + " image(s) failed");
                }
            }
            return failed == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        }
    }

    /** A sample without ground truth is a failure here: the command exists to score them. */
    private ImageRecord scoredOrFailed(ImageRecord r) {
        return r.status() == ImageStatus.OK && !r.hasMetrics()
                ? r.asFailure("no ground truth for " + Path.of(r.path()).getFileName() + " in " + gtDir) : r;
    }

    private static TextTable table(List<ImageRecord> rows) {
        TextTable table = new TextTable("image", "size", "Dice", "IoU", "HD95 px", "lesion px", "truth px", "ms");
        for (ImageRecord r : rows) {
            Path image = Path.of(r.path()).getFileName();
            if (r.status() == ImageStatus.FAILED) {
                table.add(image, "FAILED: " + r.reason());
            } else {
                table.add(image, r.width() + "x" + r.height(), f4(r.dice()), f4(r.iou()), f1(r.hd95Px()),
                        r.lesionAreaPx(), truthPixels(r), String.format(Locale.ROOT, "%.0f", r.ms()));
            }
        }
        return table;
    }

    private static ObjectNode jsonRow(ImageRecord r) {
        ObjectNode row = Json.object().put("image", Path.of(r.path()).getFileName().toString());
        if (r.status() == ImageStatus.FAILED) {
            return row.put("status", "failed").put("reason", r.reason());
        }
        row.put("status", "ok").put("groundTruth", r.groundTruth());
        Json.putNumber(row, "dice", r.dice());
        Json.putNumber(row, "iou", r.iou());
        Json.putNumber(row, "hd95", r.hd95Px());
        row.put("lesionPixels", r.lesionAreaPx()).put("truthPixels", truthPixels(r));
        Json.putNumber(row, "ms", r.ms());
        return row;
    }

    /** Lesion pixels of the ground truth: what the mask found of it plus what it missed. */
    private static long truthPixels(ImageRecord r) {
        Confusion c = r.evaluation().nativeConfusion();
        return c.tp() + c.fn();
    }

    private void printHeader(PrintStream out, Segmenter segmenter) {
        var card = segmenter.card();
        out.println("model   " + card.name() + " " + card.version() + " (" + segmenter.artifacts().directory() + ")");
        if (!card.trained()) {
            out.println("        UNTRAINED weights (fixed-seed export): the Dice values below are not meaningful");
        }
        out.println("engine  " + segmenter.engineInfo());
        out.println("images  " + imagesDir + "   ground truth " + (gtDir != null ? gtDir : "next to the images"));
        out.println("threshold " + segmenter.threshold());
        out.println();
    }

    static String f4(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.1f", v);
    }
}
