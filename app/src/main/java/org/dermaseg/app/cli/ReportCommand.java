package org.dermaseg.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.app.ExitSignals;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.batch.ImageOutput;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.MeasurementsJson;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;
import org.dermaseg.inference.report.LesionReportPdf;
import org.dermaseg.inference.report.ReportInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report IMAGE... -o DIR}: segments each image and writes {@code <stem>_report.pdf}, one page with the
 * outlined image, its measurements, the model and the date. Runs through the batch's loop ({@link FileRun})
 * with the PDF as the file per image: atomic writes, never overwrites without {@code --overwrite}; an image
 * that fails is reported and the rest go on (exit 2).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Segment and measure images; writes a one-page PDF report <stem>_report.pdf per image into DIR.")
public final class ReportCommand implements Callable<Integer> {
    /** What replaces the image's extension: {@link LesionReportPdf#fileNameFor}'s name. */
    static final String SUFFIX = "_report.pdf";

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "JPEG, PNG, BMP or TIFF images.")
    List<Path> images;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Output folder (created).")
    Path outputDir;

    @Option(names = "--overwrite", description = "Replace existing reports (default: refuse and report).")
    boolean overwrite;

    @Mixin
    CommonOptions common;

    @Override
    @SuppressWarnings("try") // the signal scope is held for its block, not used in it
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Double pixelSize = common.pixelSizeMm();
        FileRun.prepareOutput(outputDir);
        ExitSignals.Deferred stop = new ExitSignals.Deferred();
        try (ExitSignals.Scope signals = ExitSignals.cancelling(stop);
             Segmenter segmenter = common.openSegmenter()) {
            BatchOptions options = BatchOptions.ofFiles(images, outputDir).withOverwrite(overwrite)
                    .withPixelSizeMm(pixelSize).withOutput(new Pdf(segmenter, ZonedDateTime.now()));
            FileRun run = FileRun.run(segmenter, options, stop);
            long failed = run.failed();
            if (common.json) {
                ObjectNode doc = Json.object();
                doc.put("engine", segmenter.engineInfo().label());
                doc.put("model", segmenter.card().name() + " " + segmenter.card().version());
                doc.put("failed", failed);
                doc.put("notReached", images.size() - run.reached());
                ArrayNode rows = doc.putArray("images");
                run.rows().forEach(r -> rows.add(jsonRow(r)));
                Json.print(out, doc);
            } else {
                table(run.rows()).print(out);
                out.println(run.summaryLine(images.size(), "reports written"));
            }
            return failed == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        }
    }

    /** The PDF page as the batch's file per image, drawn on the full-size image. */
    private record Pdf(Segmenter segmenter, ZonedDateTime now) implements ImageOutput {
        @Override
        public String suffix() {
            return SUFFIX;
        }

        @Override
        public String what() {
            return "report";
        }

        @Override
        public boolean needsFullImage() {
            return true; // the page shows the image itself
        }

        /** One page at a time: LesionReportPdf's fonts are shared, and PDFBox fonts cache without locks. */
        @Override
        public synchronized byte[] render(LoadedImage image, SegmentationResult r, LesionMeasurements m)
                throws IOException {
            ReportInfo info = new ReportInfo(Path.of(image.source()).getFileName().toString(),
                    segmenter.card().name(), segmenter.card().version(), r.engine().label(), r.threshold(),
                    outline(r.postprocess()), now);
            return LesionReportPdf.render(image, r.mask(), m, info);
        }
    }

    private Path target(ImageRecord r) {
        return outputDir.resolve(LesionReportPdf.fileNameFor(Path.of(r.path()).getFileName().toString()));
    }

    private ObjectNode jsonRow(ImageRecord r) {
        ObjectNode row = Json.object().put("image", r.path());
        if (r.status() != ImageStatus.OK) {
            return row.put("status", "failed").put("reason", r.reason());
        }
        row.put("status", "ok").put("report", target(r).toString());
        row.set("measurements", r.measurements() == null ? null : MeasurementsJson.node(r.measurements()));
        return row;
    }

    private TextTable table(List<ImageRecord> rows) {
        TextTable table = new TextTable("image", "asymmetry", "colours", "max diameter", "report");
        for (ImageRecord r : rows) {
            Path image = Path.of(r.path()).getFileName();
            LesionMeasurements m = r.measurements();
            if (r.status() != ImageStatus.OK) {
                table.add(image, "", "", "", "FAILED: " + r.reason());
            } else {
                table.add(image, m == null ? "-" : m.asymmetry().score(),
                        m == null ? "no lesion" : String.join(" ", m.colours().ids()),
                        m == null ? "" : diameter(m), target(r));
            }
        }
        return table;
    }

    static String outline(PostprocessOptions p) {
        return p.equals(PostprocessOptions.NONE) ? "model output" : "model output, cleaned up (largest region, holes filled)";
    }

    private static String diameter(LesionMeasurements m) {
        LesionMeasurements.Size s = m.size();
        return s.maxDiameterMm() != null ? String.format(Locale.ROOT, "%.2f mm", s.maxDiameterMm())
                : String.format(Locale.ROOT, "%.0f px", s.maxFeretPx());
    }
}
