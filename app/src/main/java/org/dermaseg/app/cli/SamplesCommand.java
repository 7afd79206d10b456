package org.dermaseg.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.app.SampleData;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.io.GroundTruthFinder;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.metrics.ImageEvaluation;
import org.dermaseg.inference.metrics.MetricsPool;
import org.dermaseg.inference.metrics.PoolSummary;
import org.dermaseg.inference.preprocess.BinaryMask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code samples}: segments the bundled PH2 samples and prints Dice per image against their expert masks,
 * the quickest check that model, engine and metrics work together on a fresh machine.
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
        GroundTruthFinder finder = new GroundTruthFinder(gtDir, gtDir == null);
        GroundTruthLoader gtLoader = new GroundTruthLoader();
        MetricsPool pool = new MetricsPool();
        TextTable table = new TextTable("image", "size", "Dice", "IoU", "HD95 px", "lesion px", "truth px", "ms");
        ArrayNode rows = Json.MAPPER.createArrayNode();
        int failed = 0;
        try (Segmenter segmenter = common.openSegmenter()) {
            if (!common.json) {
                printHeader(out, segmenter);
            }
            for (Path image : images) {
                ObjectNode row = rows.addObject().put("image", image.getFileName().toString());
                try {
                    Optional<Path> gt = finder.find(image, image.getFileName());
                    if (gt.isEmpty()) {
                        throw new IOException("no ground truth for " + image.getFileName() + " in " + gtDir);
                    }
                    SegmentationResult r = segmenter.segment(image);
                    BinaryMask truth = gtLoader.loadFor(gt.get(), r.width(), r.height());
                    ImageEvaluation e = pool.add(image.getFileName().toString(), r.width(), r.height(),
                            r.mask().data(), truth.data(), r.probability().values());
                    table.add(image.getFileName(), r.width() + "x" + r.height(), f4(e.nativeMetrics().dice()),
                            f4(e.nativeMetrics().iou()), f1(e.surface().hd95()), r.lesionArea(), truth.area(),
                            String.format(Locale.ROOT, "%.0f", r.timings().totalMs()));
                    row.put("status", "ok").put("groundTruth", gt.get().toString());
                    Json.putNumber(row, "dice", e.nativeMetrics().dice());
                    Json.putNumber(row, "iou", e.nativeMetrics().iou());
                    Json.putNumber(row, "hd95", e.surface().hd95());
                    row.put("lesionPixels", r.lesionArea()).put("truthPixels", truth.area());
                    Json.putNumber(row, "ms", r.timings().totalMs());
                } catch (IOException e) { // unreadable image or ground truth: report it, go on
                    failed++;
                    row.put("status", "failed").put("reason", e.getMessage());
                    table.add(image.getFileName(), "FAILED: " + e.getMessage());
                }
            }
            PoolSummary s = pool.summary();
            if (common.json) {
                ObjectNode doc = Json.object();
                doc.put("model", segmenter.card().name() + " " + segmenter.card().version());
                doc.put("trained", segmenter.card().trained());
                doc.put("engine", segmenter.engineInfo().label());
                doc.put("fallbackReason", segmenter.engineInfo().fallbackReason());
                doc.put("engineChoice", segmenter.engineInfo().choiceReason());
                doc.put("threshold", segmenter.threshold());
                doc.put("tta", segmenter.options().tta());
                doc.set("images", rows);
                Json.putNumber(doc, "meanDice", s.nativeDice().value());
                Json.putNumber(doc, "pooledDscPaper", s.paper().dice());
                doc.put("failed", failed);
                Json.print(out, doc);
            } else {
                table.print(out);
                out.printf(Locale.ROOT, "mean Dice over %d images (native resolution): %s%n", s.images(),
                        f4(s.nativeDice().value()));
                out.printf(Locale.ROOT, "pooled DSC, paper protocol (256x256, one confusion matrix): %s%n",
                        f4(s.paper().dice()));
                if (failed > 0) {
                    out.println(failed + " image(s) failed");
                }
            }
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
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
