package org.dermaseg.inference.batch;

import java.nio.file.Path;
import java.util.Objects;

import org.dermaseg.inference.preprocess.PostprocessOptions;

/**
 * What a {@link BatchRunner} does.
 *
 * @param inputDir        folder of images
 * @param outputDir       where masks, overlays and reports go; null writes nothing (segment and
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
 */
public record BatchOptions(Path inputDir, Path outputDir, Path gtDir, boolean gtNextToImage, boolean gtResizeNearest,
                           boolean recursive, boolean resume, boolean overwrite, Shard shard, int workers,
                           boolean overlays, Double threshold, PostprocessOptions postprocess,
                           Double pixelSizeMm) {

    public BatchOptions {
        Objects.requireNonNull(inputDir, "inputDir");
        Objects.requireNonNull(shard, "shard");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (workers > 256) {
            throw new IllegalArgumentException("workers must be at most 256, got " + workers);
        }
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume and --overwrite contradict each other; choose one");
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

    /** Defaults: no ground truth, not recursive, no resume/overwrite, whole listing, workers = cores (max 8). */
    public static BatchOptions of(Path inputDir, Path outputDir) {
        int cores = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        return new BatchOptions(inputDir, outputDir, null, true, false, false, false, false, Shard.ALL, cores, false,
                null, null, null);
    }

    public BatchOptions withGroundTruth(Path dir) {
        return new BatchOptions(inputDir, outputDir, dir, gtNextToImage, gtResizeNearest, recursive, resume, overwrite,
                shard, workers, overlays, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withGtNextToImage(boolean b) {
        return new BatchOptions(inputDir, outputDir, gtDir, b, gtResizeNearest, recursive, resume, overwrite,
                shard, workers, overlays, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withGtResizeNearest(boolean b) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, b, recursive, resume, overwrite,
                shard, workers, overlays, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withRecursive(boolean b) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, b, resume, overwrite,
                shard, workers, overlays, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withResume(boolean b) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, b, overwrite,
                shard, workers, overlays, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withOverwrite(boolean b) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, resume, b,
                shard, workers, overlays, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withShard(Shard s) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, resume,
                overwrite, s, workers, overlays, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withWorkers(int n) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, resume,
                overwrite, shard, n, overlays, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withOverlays(boolean b) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, resume,
                overwrite, shard, workers, b, threshold, postprocess, pixelSizeMm);
    }

    public BatchOptions withThreshold(Double t) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, resume,
                overwrite, shard, workers, overlays, t, postprocess, pixelSizeMm);
    }

    public BatchOptions withPostprocess(PostprocessOptions p) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, resume,
                overwrite, shard, workers, overlays, threshold, p, pixelSizeMm);
    }

    public BatchOptions withPixelSizeMm(Double mm) {
        return new BatchOptions(inputDir, outputDir, gtDir, gtNextToImage, gtResizeNearest, recursive, resume,
                overwrite, shard, workers, overlays, threshold, postprocess, mm);
    }

    public boolean writesFiles() {
        return outputDir != null;
    }

    /** Report base name: {@code report}, or {@code report-shard-i-of-n} so shards sharing a folder don't clash. */
    public String reportBaseName() {
        return shard.isAll() ? "report" : "report-shard-" + shard.index() + "-of-" + shard.count();
    }
}
