package org.dermaseg.inference.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.dermaseg.inference.concurrent.NamedThreads;
import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.metrics.ImageEvaluation;
import org.dermaseg.inference.metrics.MetricsPool;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.io.GroundTruthFinder;
import org.dermaseg.inference.io.ImageFiles;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;
import org.dermaseg.inference.report.RunSettings;

/**
 * Scores a folder of predicted masks against a folder of ground truth ({@code evaluate --pred}).
 *
 * <p>Which files are predictions: {@code <stem>_segmentation.<ext>} (what {@code batch} writes) when the
 * folder holds any such file; otherwise every image file, named by its stem. Overlays
 * ({@code *_overlay.*}) never count. The ground truth of prediction {@code S} is found by
 * {@link GroundTruthFinder} under the ground-truth folder as for an image named {@code S}.
 *
 * <p>No probability maps exist here, so the paper protocol resizes each predicted mask to 256x256 the
 * way it resizes ground truth (see {@link org.dermaseg.inference.metrics.Protocol#PAPER}).
 *
 * <p>Ground-truth masks that no prediction matched are listed too: metrics over a subset of a test
 * set are not metrics over the test set.
 */
public final class PredictionEvaluator {
    /** How many unmatched ground-truth names to keep for the message; the count is always exact. */
    public static final int UNMATCHED_NAMES_KEPT = 20;

    private final Path predDir;
    private final Path gtDir;
    private final boolean recursive;
    private final int workers;
    private final BatchListener listener;
    private final GroundTruthLoader loader;
    private final MetricsPool pool = new MetricsPool();
    private final Set<Path> matchedGroundTruth = Collections.synchronizedSet(new HashSet<>());
    private final Object sinkLock = new Object();
    private volatile boolean cancelled;
    private long ok;
    private long failed;

    /** Result of a run: the usual summary plus ground truth without a prediction. */
    public record Result(BatchSummary summary, long groundTruthWithoutPrediction, List<String> unmatchedExamples) {
    }

    public PredictionEvaluator(Path predDir, Path gtDir, boolean recursive, boolean gtResizeNearest, int workers,
                               BatchListener listener) {
        this.predDir = Objects.requireNonNull(predDir, "predDir");
        this.gtDir = Objects.requireNonNull(gtDir, "gtDir");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.recursive = recursive;
        this.workers = workers;
        this.listener = listener == null ? BatchListener.NONE : listener;
        this.loader = new GroundTruthLoader(new ImageLoader(ImageLimits.DEFAULT, false), gtResizeNearest);
    }

    public void cancel() {
        cancelled = true;
    }

    public Result run() throws BatchException {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(predDir)) {
            throw BatchException.usage("prediction folder " + predDir + " does not exist or is not a folder");
        }
        if (!Files.isDirectory(gtDir)) {
            throw BatchException.usage("ground-truth folder " + gtDir + " does not exist or is not a folder");
        }
        FileWalker walker = new FileWalker(predDir, recursive, null, false);
        GroundTruthFinder finder = new GroundTruthFinder(gtDir, false);
        boolean[] suffixed = {false};
        long[] total = {0};
        try {
            walker.walk(visitor((position, file, relative) -> {
                if (isSegmentationName(file)) {
                    suffixed[0] = true;
                }
                return true;
            }));
            walker.walk(new FileWalker.Visitor() {
                @Override
                public boolean image(long position, Path file, Path relative) {
                    if (isPrediction(file, suffixed[0])) {
                        total[0]++;
                    }
                    return true;
                }

                @Override
                public boolean problem(long position, Path path, Path relative, String reason) {
                    return image(position, path, relative);
                }
            });
        } catch (IOException e) {
            throw BatchException.fatal("cannot list " + predDir + ": " + FileWalker.describe(e), e);
        }
        synchronized (sinkLock) {
            listener.started(total[0]);
        }
        ExecutorService pool = NamedThreads.fixedPool("dermaseg-evaluate", workers);
        Semaphore inFlight = new Semaphore(2 * workers); // bounded: constant memory over any folder size
        try {
            walker.walk(new FileWalker.Visitor() {
                @Override
                public boolean image(long position, Path file, Path relative) {
                    if (cancelled) {
                        return false;
                    }
                    if (!isPrediction(file, suffixed[0])) {
                        return true;
                    }
                    inFlight.acquireUninterruptibly();
                    pool.execute(() -> {
                        try {
                            if (!cancelled) {
                                evaluate(position, file, relative, finder);
                            }
                        } finally {
                            inFlight.release();
                        }
                    });
                    return true;
                }

                @Override
                public boolean problem(long position, Path path, Path relative, String reason) {
                    if (isPrediction(path, suffixed[0])) {
                        record(ImageRecord.failed(position, OutputLayout.slashed(relative), reason), path);
                    }
                    return !cancelled;
                }
            });
        } catch (IOException e) {
            throw BatchException.fatal("listing " + predDir + " failed: " + FileWalker.describe(e), e);
        } finally {
            pool.shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.HOURS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        long[] unmatched = {0};
        List<String> examples = new ArrayList<>();
        try {
            new FileWalker(gtDir, recursive, null, false).walk(visitor((position, file, relative) -> {
                if (!matchedGroundTruth.contains(file.toAbsolutePath().normalize())) {
                    unmatched[0]++;
                    if (examples.size() < UNMATCHED_NAMES_KEPT) {
                        examples.add(OutputLayout.slashed(relative));
                    }
                }
                return true;
            }));
        } catch (IOException e) {
            throw BatchException.fatal("cannot list " + gtDir + ": " + FileWalker.describe(e), e);
        }
        long processed = ok + failed;
        BatchSummary summary = new BatchSummary(total[0], ok, failed, 0,
                cancelled ? Math.max(0, total[0] - processed) : 0, cancelled,
                this.pool.images() == 0 ? null : this.pool.summary(), (System.nanoTime() - t0) / 1e9, "1/1",
                null, null, null, null);
        synchronized (sinkLock) {
            listener.finished(summary);
        }
        return new Result(summary, unmatched[0], List.copyOf(examples));
    }

    private void evaluate(long position, Path file, Path relative, GroundTruthFinder finder) {
        String name = OutputLayout.slashed(relative);
        long t0 = System.nanoTime();
        String stem = predictionStem(file);
        Path asImage = file.resolveSibling(stem + ".png");
        Path relAsImage = relative.getParent() == null ? Path.of(stem + ".png") : relative.getParent().resolve(stem + ".png");
        Optional<Path> gt = finder.find(asImage, relAsImage);
        if (gt.isEmpty()) {
            record(ImageRecord.failed(position, name, "no ground truth for '" + stem + "' in " + gtDir
                    + " (looked for " + stem + "[_segmentation|_lesion|_mask|_gt].<image extension>)"), file);
            return;
        }
        matchedGroundTruth.add(gt.get().toAbsolutePath().normalize());
        try {
            BinaryMask pred = loader.load(file);
            BinaryMask truth = loader.loadFor(gt.get(), pred.width(), pred.height());
            ImageEvaluation e = MetricsPool.evaluate(name, pred.width(), pred.height(), pred.data(), truth.data(), null);
            pool.add(e);
            double ms = (System.nanoTime() - t0) / 1e6;
            record(new ImageRecord(position, name, ImageStatus.OK, null, pred.width(), pred.height(), RunSettings.UNKNOWN, false, ms,
                    null, pred.area(), name, null, gt.get().toString(), e, null), file);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            record(ImageRecord.failed(position, name, m), file);
        }
    }

    private void record(ImageRecord row, Path file) {
        synchronized (sinkLock) {
            if (row.status() == ImageStatus.FAILED) {
                failed++;
                listener.fileFailed(file, row.reason(), row);
            } else {
                ok++;
                listener.fileDone(row);
            }
        }
    }

    /** Stem of the image a prediction belongs to: {@code X_segmentation.png} -&gt; {@code X}. */
    static String predictionStem(Path file) {
        String stem = ImageFiles.stem(file.getFileName().toString());
        String seg = "_segmentation";
        return stem.toLowerCase(Locale.ROOT).endsWith(seg) && stem.length() > seg.length()
                ? stem.substring(0, stem.length() - seg.length()) : stem;
    }

    private static boolean isSegmentationName(Path file) {
        String stem = ImageFiles.stem(file.getFileName().toString()).toLowerCase(Locale.ROOT);
        return stem.endsWith("_segmentation") && stem.length() > "_segmentation".length();
    }

    private static boolean isPrediction(Path file, boolean suffixedOnly) {
        String stem = ImageFiles.stem(file.getFileName().toString()).toLowerCase(Locale.ROOT);
        if (stem.endsWith(ImageFiles.stem(ImageFiles.OVERLAY_SUFFIX))) {
            return false;
        }
        return !suffixedOnly || isSegmentationName(file);
    }

    private interface ImageVisitor {
        boolean image(long position, Path file, Path relative);
    }

    /** A visitor for counting passes: images only, problems ignored (the main pass reports them). */
    private static FileWalker.Visitor visitor(ImageVisitor v) {
        return new FileWalker.Visitor() {
            @Override
            public boolean image(long position, Path file, Path relative) {
                return v.image(position, file, relative);
            }

            @Override
            public boolean problem(long position, Path path, Path relative, String reason) {
                return true;
            }
        };
    }
}
