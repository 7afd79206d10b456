package org.dermaseg.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.app.ExitSignals;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.LesionMeasurer;
import org.dermaseg.inference.measure.MeasurementsJson;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.report.LesionReportPdf;
import org.dermaseg.inference.report.ReportInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report IMAGE... -o DIR}: segments each image and writes {@code <stem>_report.pdf}, one page with the
 * outlined image, its measurements, the model and the date. Atomic writes, never overwrites without
 * {@code --overwrite}; an image that fails is reported and the rest go on (exit 2).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Segment and measure images; writes a one-page PDF report <stem>_report.pdf per image into DIR.")
public final class ReportCommand implements Callable<Integer> {
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
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new DermasegCommand.UsageException("-o " + outputDir + " exists and is not a folder");
        }
        Double pixelSize = common.pixelSizeMm();
        Files.createDirectories(outputDir);
        int failed = 0;
        int done = 0;
        ArrayNode rows = Json.MAPPER.createArrayNode();
        TextTable table = new TextTable("image", "asymmetry", "colours", "max diameter", "report");
        Map<String, Path> claimed = new HashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ZonedDateTime now = ZonedDateTime.now();
        try (ExitSignals.Scope signals = ExitSignals.cancelling(() -> stop.set(true));
             Segmenter segmenter = common.openSegmenter()) {
            for (Path image : images) {
                if (stop.get()) {
                    break;
                }
                done++;
                String name = LesionReportPdf.fileNameFor(image.getFileName().toString());
                Path target = outputDir.resolve(name);
                ObjectNode row = rows.addObject().put("image", image.toString());
                String problem = null;
                Path earlier = claimed.putIfAbsent(name, image);
                if (earlier != null) {
                    problem = "same report name as " + earlier + " (" + name + ")";
                } else if (!overwrite && Files.exists(target)) {
                    problem = "output exists: " + target + " (use --overwrite)";
                }
                if (problem == null) {
                    try {
                        // a full decode: the page shows the image itself
                        LoadedImage loaded = segmenter.loader().load(image);
                        SegmentationResult r = segmenter.segment(loaded);
                        LesionMeasurements m = LesionMeasurer.measure(loaded, r.mask(), pixelSize);
                        ReportInfo info = new ReportInfo(image.getFileName().toString(), segmenter.card().name(),
                                segmenter.card().version(), r.engine().label(), r.threshold(),
                                outline(r.postprocess()), now);
                        AtomicFiles.write(target, LesionReportPdf.render(loaded, r.mask(), m, info), overwrite);
                        row.put("status", "ok").put("report", target.toString());
                        row.set("measurements", m == null ? null : MeasurementsJson.node(m));
                        table.add(image.getFileName(), m == null ? "-" : m.asymmetry().score(),
                                m == null ? "no lesion" : String.join(" ", m.colours().ids()),
                                m == null ? "" : diameter(m), target);
                        continue;
                    } catch (FileAlreadyExistsException e) {
                        problem = "output exists: " + target + " (use --overwrite)";
                    } catch (EngineException e) {
                        throw e; // the engine broke: later images would fail the same way
                    } catch (IOException | RuntimeException e) {
                        problem = e.getMessage() == null ? e.toString() : e.getMessage();
                    }
                }
                failed++;
                row.put("status", "failed").put("reason", problem);
                table.add(image.getFileName(), "", "", "", "FAILED: " + problem);
            }
            if (common.json) {
                ObjectNode doc = Json.object();
                doc.put("engine", segmenter.engineInfo().label());
                doc.put("model", segmenter.card().name() + " " + segmenter.card().version());
                doc.put("failed", failed);
                doc.put("notReached", images.size() - done);
                doc.set("images", rows);
                Json.print(out, doc);
            } else {
                table.print(out);
                out.println((done - failed) + " of " + images.size() + " reports written"
                        + (failed > 0 ? ", " + failed + " failed" : "")
                        + (done < images.size() ? ", STOPPED by a signal before the other " + (images.size() - done)
                        : ""));
            }
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }

    static String outline(PostprocessOptions p) {
        return p.equals(PostprocessOptions.NONE) ? "model output" : "model output, cleaned up (largest region, holes filled)";
    }

    private static String diameter(LesionMeasurements m) {
        LesionMeasurements.Size s = m.size();
        return s.maxDiameterMm() != null ? String.format(java.util.Locale.ROOT, "%.2f mm", s.maxDiameterMm())
                : String.format(java.util.Locale.ROOT, "%.0f px", s.maxFeretPx());
    }
}
