package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.app.ExitSignals;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageRecordJson;
import org.dermaseg.inference.report.ImageStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code segment IMAGE... -o DIR}: one mask PNG per image, written atomically, through the batch's loop
 * ({@link FileRun}); {@code --json} prints the batch's per-image records.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segment images; writes <stem>_segmentation.png (0 = background, 255 = lesion) into DIR.")
public final class SegmentCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "JPEG, PNG, BMP or TIFF images.")
    List<Path> images;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Output folder (created).")
    Path outputDir;

    @Option(names = "--overwrite", description = "Replace existing masks (default: refuse and report).")
    boolean overwrite;

    @Mixin
    CommonOptions common;

    @Override
    @SuppressWarnings("try") // the signal scope is held for its block, not used in it
    public Integer call() throws Exception {
        PrintStream out = System.out;
        FileRun.prepareOutput(outputDir);
        BatchOptions options = BatchOptions.ofFiles(images, outputDir).withOverwrite(overwrite)
                .withPixelSizeMm(common.pixelSizeMm());
        ExitSignals.Deferred stop = new ExitSignals.Deferred();
        // the scope opens before the engine: a signal while ONNX Runtime starts must not end the JVM under it
        try (ExitSignals.Scope signals = ExitSignals.cancelling(stop);
             Segmenter segmenter = common.openSegmenter()) {
            if (!common.json) {
                out.println("model " + segmenter.artifacts().id() + " " + segmenter.card().version() + ", engine "
                        + segmenter.engineInfo() + ", threshold " + segmenter.threshold());
            }
            FileRun run = FileRun.run(segmenter, options, stop);
            if (common.json) {
                printJson(out, segmenter, run, run.failed());
            } else {
                table(run.rows()).print(out);
                out.println(run.summaryLine(images.size(), "images segmented"));
            }
            return run.failed() == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        }
    }

    private TextTable table(List<ImageRecord> rows) {
        TextTable table = new TextTable("image", "size", "lesion px", "lesion %", "asymmetry", "colours", "ms", "mask");
        for (ImageRecord r : rows) {
            Path image = Path.of(r.path()).getFileName();
            if (r.status() != ImageStatus.OK) {
                table.add(image, "", "", "", "", "", "", "FAILED: " + r.reason());
                continue;
            }
            LesionMeasurements m = r.measurements();
            double pct = 100.0 * r.lesionAreaPx() / ((double) r.width() * r.height());
            table.add(image, r.width() + "x" + r.height(), r.lesionAreaPx(), String.format(Locale.ROOT, "%.1f", pct),
                    m == null ? "" : m.asymmetry().score(), m == null ? "" : String.join(" ", m.colours().ids()),
                    String.format(Locale.ROOT, "%.0f", r.ms()), outputDir.resolve(r.mask()));
        }
        return table;
    }

    private void printJson(PrintStream out, Segmenter segmenter, FileRun run, long failed) {
        ObjectNode doc = Json.object();
        doc.put("modelId", segmenter.artifacts().id());
        doc.put("modelVersion", segmenter.card().version());
        doc.put("engine", segmenter.engineInfo().label());
        doc.put("fallbackReason", segmenter.engineInfo().fallbackReason());
        doc.put("engineChoice", segmenter.engineInfo().choiceReason());
        doc.put("threshold", segmenter.threshold());
        doc.put("tta", segmenter.options().tta());
        doc.put("failed", failed);
        doc.put("notReached", images.size() - run.reached());
        ArrayNode rows = doc.putArray("images");
        run.rows().forEach(r -> rows.add(ImageRecordJson.node(r)));
        Json.print(out, doc);
    }
}
