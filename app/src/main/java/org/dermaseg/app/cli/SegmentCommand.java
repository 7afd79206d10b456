package org.dermaseg.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.app.ExitSignals;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.io.ImageFiles;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.LesionMeasurer;
import org.dermaseg.inference.measure.MeasurementsJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.dermaseg.inference.io.MaskPng;

/** {@code segment IMAGE... -o DIR}: one mask PNG per image, written atomically. */
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
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new DermasegCommand.UsageException("-o " + outputDir + " exists and is not a folder");
        }
        Files.createDirectories(outputDir);
        int failed = 0;
        ArrayNode rows = Json.MAPPER.createArrayNode();
        Double pixelSize = common.pixelSizeMm();
        TextTable table = new TextTable("image", "size", "lesion px", "lesion %", "asymmetry", "colours", "ms", "mask");
        Map<String, Path> claimed = new HashMap<>(); // output name -> input, to catch two inputs with one stem
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        int done = 0;
        // the scope opens before the engine: a signal while ONNX Runtime starts must not end the JVM under it
        try (ExitSignals.Scope signals = ExitSignals.cancelling(() -> stop.set(true));
             Segmenter segmenter = common.openSegmenter()) {
            if (!common.json) {
                out.println("model " + segmenter.artifacts().id() + " " + segmenter.card().version() + ", engine "
                        + segmenter.engineInfo() + ", threshold " + segmenter.threshold());
            }
            for (Path image : images) {
                if (stop.get()) {
                    break; // Ctrl+C / SIGTERM: the image in progress was finished, the rest is left
                }
                done++;
                String name = ImageFiles.stem(image.getFileName().toString()) + ImageFiles.MASK_SUFFIX;
                Path target = outputDir.resolve(name);
                ObjectNode row = rows.addObject().put("image", image.toString());
                String problem = null;
                Path earlier = claimed.putIfAbsent(name, image);
                if (earlier != null) {
                    problem = "same output name as " + earlier + " (" + name + ")";
                } else if (!overwrite && Files.exists(target)) {
                    problem = "output exists: " + target + " (use --overwrite)";
                }
                if (problem == null) {
                    try {
                        LoadedImage loaded = segmenter.load(image);
                        SegmentationResult r = segmenter.segment(loaded);
                        AtomicFiles.write(target, MaskPng.encode(r.mask(), false), overwrite);
                        LesionMeasurements m = LesionMeasurer.measure(loaded, r.mask(), pixelSize);
                        double pct = 100.0 * r.lesionArea() / ((double) r.width() * r.height());
                        table.add(image.getFileName(), r.width() + "x" + r.height(), r.lesionArea(),
                                String.format(Locale.ROOT, "%.1f", pct), m == null ? "" : m.asymmetry().score(),
                                m == null ? "" : String.join(" ", m.colours().ids()),
                                String.format(Locale.ROOT, "%.0f", r.timings().totalMs()), target);
                        row.put("status", "ok").put("mask", target.toString()).put("width", r.width())
                                .put("height", r.height()).put("lesionPixels", r.lesionArea())
                                .put("engine", r.engine().label());
                        Json.putNumber(row, "ms", r.timings().totalMs());
                        row.set("measurements", m == null ? null : MeasurementsJson.node(m));
                        continue;
                    } catch (FileAlreadyExistsException e) {
                        problem = "output exists: " + target + " (use --overwrite)";
                    } catch (EngineException e) {
                        throw e; // the engine broke: later images would fail the same way
                    } catch (IOException e) {
                        problem = e.getMessage();
                    }
                }
                failed++;
                row.put("status", "failed").put("reason", problem);
                table.add(image.getFileName(), "", "", "", "", "", "", "FAILED: " + problem);
            }
            if (common.json) {
                ObjectNode doc = Json.object();
                doc.put("modelId", segmenter.artifacts().id());
                doc.put("modelVersion", segmenter.card().version());
                doc.put("engine", segmenter.engineInfo().label());
                doc.put("fallbackReason", segmenter.engineInfo().fallbackReason());
                doc.put("engineChoice", segmenter.engineInfo().choiceReason());
                doc.put("threshold", segmenter.threshold());
                doc.put("tta", segmenter.options().tta());
                doc.put("failed", failed);
                doc.put("notReached", images.size() - done);
                doc.set("images", rows);
                Json.print(out, doc);
            } else {
                table.print(out);
                out.println((done - failed) + " of " + images.size() + " images segmented"
                        + (failed > 0 ? ", " + failed + " failed" : "")
                        + (done < images.size() ? ", STOPPED by a signal before the other " + (images.size() - done)
                        : ""));
            }
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }
}
