package org.dermaseg.inference.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.dermaseg.inference.preprocess.PostprocessOptions;

/**
 * What a {@link BatchRunner} does.
 *
 * @param inputDir        folder of images; null when {@code files} names them
 * @param files           the images one by one ({@code segment}, {@code report}, {@code samples}), in the
 *                        order given, instead of a folder; null for a folder
 * @param outputDir       where outputs and reports go; null writes nothing (segment and
 *                        score only, as {@code evaluate --images})
 * @param gtDir           folder of ground-truth masks, or null
 * @param gtNextToImage   also look for {@code <stem>_segmentation|_lesion|_mask|_gt.*} beside each image
 * @param gtResizeNearest resize ground truth of another size nearest-neighbour instead of failing
 * @param recursive       walk subfolders (outputs mirror them)
 * @param resume          skip images whose mask output exists and is a complete PNG
 * @param overwrite       replace existing outputs (without it, and without resume, an existing output
 *                        fails that image)
 * @param shard           slice of the listing to process
 * @param workers         decode threads and encode threads (each); one thread feeds the engine, which
 *                        parallelises inside (batches of its preferred size)
 * @param overlays        also write {@code <stem>_overlay.png}
 * @param threshold       mask threshold, or null for the segmenter's own
 * @param postprocess     mask clean-up, or null for the segmenter's own (the GUI's batch follows the viewer's
 *                        threshold and clean-up while sharing its segmenter)
 * @param pixelSizeMm     millimetres per image pixel for the measurements in mm, or null (pixels only)
 * @param reports         write {@code report.csv}/{@code report.json} into the output folder ({@code segment}
 *                        and {@code report} write only their per-image files)
 * @param output          the file written per image: the mask ({@link ImageOutput#MASK}) or e.g. a PDF report
 * @param stopOnEngineFailure an engine failure ends the run ({@link BatchException} with the engine's
 *                        exception as cause) instead of failing image after image the same way
 */
public record BatchOptions(Path inputDir, List<Path> files, Path outputDir, Path gtDir, boolean gtNextToImage,
                           boolean gtResizeNearest, boolean recursive, boolean resume, boolean overwrite,
                           Shard shard, int workers, boolean overlays, Double threshold,
                           PostprocessOptions postprocess, Double pixelSizeMm, boolean reports, ImageOutput output,
                           boolean stopOnEngineFailure) {

    public BatchOptions {
        if (inputDir == null && files == null) {
            throw new IllegalArgumentException("an input folder or a list of files is needed");
        }
        files = files == null ? null : List.copyOf(files);
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(output, "output");
        checkWorkers(workers);
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume and --overwrite contradict each other; choose one");
        }
        if (resume && output != ImageOutput.MASK) {
            throw new IllegalArgumentException("--resume looks for complete masks: it needs the mask output");
        }
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold " + threshold + " outside [0, 1]");
        }
        if (pixelSizeMm != null && !(pixelSizeMm > 0 && Double.isFinite(pixelSizeMm))) {
            throw new IllegalArgumentException("pixel size must be a positive number of mm, got " + pixelSizeMm);
        }
        if (overlays && outputDir == null) {
            throw new IllegalArgumentException("overlays need an output folder");
        }
    }

    /** Defaults: no ground truth, not recursive, no resume/overwrite, whole listing, workers = cores (max 8), masks
     * and reports written. */
    public static BatchOptions of(Path inputDir, Path outputDir) {
        Objects.requireNonNull(inputDir, "inputDir");
        return new BatchOptions(inputDir, null, outputDir, null, true, false, false, false, false, Shard.ALL,
                defaultWorkers(), false, null, null, null, true, ImageOutput.MASK, false);
    }

    /** The same defaults for images named one by one: no reports (the commands print their own rows). */
    public static BatchOptions ofFiles(List<Path> files, Path outputDir) {
        Objects.requireNonNull(files, "files");
        return new BatchOptions(null, files, outputDir, null, true, false, false, false, false, Shard.ALL,
                defaultWorkers(), false, null, null, null, false, ImageOutput.MASK, false);
    }

    private static int defaultWorkers() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    public BatchOptions withGroundTruth(Path dir) {
        return new BatchOptions(inputDir, files, outputDir, dir, gtNextToImage, gtResizeNearest, recursive, resume,
                overwrite, shard, workers, overlays, threshold, postprocess, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withGtNextToImage(boolean b) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, b, gtResizeNearest, recursive, resume, overwrite,
                shard, workers, overlays, threshold, postprocess, pixelSizeMm, reports, output, stopOnEngineFailure);
    }

    public BatchOptions withGtResizeNearest(boolean b) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, b, recursive, resume, overwrite,
                shard, workers, overlays, threshold, postprocess, pixelSizeMm, reports, output, stopOnEngineFailure);
    }

    public BatchOptions withRecursive(boolean b) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, b, resume,
                overwrite, shard, workers, overlays, threshold, postprocess, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withResume(boolean b) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, b,
                overwrite, shard, workers, overlays, threshold, postprocess, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withOverwrite(boolean b) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, b, shard, workers, overlays, threshold, postprocess, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withShard(Shard s) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, s, workers, overlays, threshold, postprocess, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    /**
     * The one rule for a worker count (1 to 256), for commands that check it before building options.
     *
     * @throws IllegalArgumentException when {@code n} is outside it
     */
    public static int checkWorkers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + n);
        }
        if (n > 256) {
            throw new IllegalArgumentException("workers must be at most 256, got " + n);
        }
        return n;
    }

    public BatchOptions withWorkers(int n) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, shard, n, overlays, threshold, postprocess, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withOverlays(boolean b) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, shard, workers, b, threshold, postprocess, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withThreshold(Double t) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, shard, workers, overlays, t, postprocess, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withPostprocess(PostprocessOptions p) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, shard, workers, overlays, threshold, p, pixelSizeMm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withPixelSizeMm(Double mm) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, shard, workers, overlays, threshold, postprocess, mm, reports, output,
                stopOnEngineFailure);
    }

    public BatchOptions withReports(boolean b) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, shard, workers, overlays, threshold, postprocess, pixelSizeMm, b, output,
                stopOnEngineFailure);
    }

    public BatchOptions withOutput(ImageOutput o) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, shard, workers, overlays, threshold, postprocess, pixelSizeMm, reports, o,
                stopOnEngineFailure);
    }

    public BatchOptions withStopOnEngineFailure(boolean b) {
        return new BatchOptions(inputDir, files, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive,
                resume, overwrite, shard, workers, overlays, threshold, postprocess, pixelSizeMm, reports, output, b);
    }

    public boolean writesFiles() {
        return outputDir != null;
    }

    /** Reports are written: an output folder and {@link #reports}. */
    public boolean writesReports() {
        return outputDir != null && reports;
    }

    /** Report base name: {@code report}, or {@code report-shard-i-of-n} so shards sharing a folder don't clash. */
    public String reportBaseName() {
        return shard.isAll() ? "report" : "report-shard-" + shard.index() + "-of-" + shard.count();
    }
}
