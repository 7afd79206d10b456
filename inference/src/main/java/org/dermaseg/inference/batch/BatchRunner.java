package org.dermaseg.inference.batch;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.batch.BatchPipeline.Decoded;
import org.dermaseg.inference.batch.BatchPipeline.Segmented;
import org.dermaseg.inference.batch.BatchPipeline.Task;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.concurrent.Channel;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.LesionMeasurer;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.metrics.ImageEvaluation;
import org.dermaseg.inference.metrics.MetricsPool;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.io.GroundTruthFinder;
import org.dermaseg.inference.io.PngCheck;
import org.dermaseg.inference.io.OverlayPng;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageStatus;
import org.dermaseg.inference.report.RunSettings;

/**
 * Segments a folder of images (or images named one by one) into masks (and optional overlays), scores them
 * against ground truth when it exists, and writes {@code report.csv} + {@code report.json}: the one per-image
 * loop of {@code batch}, {@code evaluate --images}, {@code segment}, {@code samples}, {@code report} and the
 * window's batch. The file written per image is an {@link ImageOutput} (the mask, or {@code report}'s PDF).
 *
 * <p>The threads: {@link BatchPipeline} (each stage its own threads joined by bounded, typed {@link Channel}s,
 * so decoding, inference and encoding overlap and memory stays bounded whatever the folder size); this class
 * is what each stage does to an image, the report rows and the summary. The file list is streamed by
 * {@link FileWalker} and rows are streamed to the reports, so nothing grows with the number of files.
 *
 * <p>A bad input never stops the batch: it becomes a {@code failed} row with the reason. Only
 * problems with the batch as a whole (missing input folder, unwritable output folder, existing reports
 * without {@code --resume}/{@code --overwrite}) throw {@link BatchException}.
 *
 * <p>{@link #cancel()} (any thread, e.g. a GUI button or a shutdown hook) stops listing, lets the
 * images already being processed finish, and still writes the reports; unreached entries are counted
 * in {@link BatchSummary#notReached()}.
 */
public final class BatchRunner {
    private final Segmenter segmenter;
    private final BatchOptions options;
    private final BatchListener listener;
    private final GroundTruthFinder gtFinder;
    private final GroundTruthLoader gtLoader;
    private final OutputLayout layout;
    /** Model, engine and mask settings, the same on every row of this run. */
    private final RunSettings run;
    private final MetricsPool pool = new MetricsPool();
    private volatile boolean cancelled;
    /** The engine failed and {@link BatchOptions#stopOnEngineFailure()} asked to stop on it. */
    private final AtomicReference<EngineException> engineFailure = new AtomicReference<>();

    private final Object sinkLock = new Object();
    private ReportWriter reports;
    private long ok;
    private long failed;
    private long skipped;
    private IOException reportError;

    public BatchRunner(Segmenter segmenter, BatchOptions options, BatchListener listener) {
        this.segmenter = Objects.requireNonNull(segmenter, "segmenter");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = listener == null ? BatchListener.NONE : listener;
        this.gtFinder = options.gtDir() != null || options.gtNextToImage()
                ? new GroundTruthFinder(options.gtDir(), options.gtNextToImage(), options.outputDir()) : null;
        this.gtLoader = new GroundTruthLoader(new ImageLoader(segmenter.options().limits(), false),
                options.gtResizeNearest());
        this.layout = options.outputDir() == null ? null : new OutputLayout(options.outputDir());
        this.run = RunSettings.of(segmenter, threshold(), postprocess(), options.pixelSizeMm());
    }

    /** Asks the batch to stop; safe from any thread, returns at once. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs the batch on the calling thread (which waits for the worker threads).
     *
     * @throws BatchException when the batch cannot run at all
     */
    public BatchSummary run() throws BatchException {
        long t0 = System.nanoTime();
        ImageSource walker = preflight();
        long total;
        try {
            total = walker.count(options.shard());
        } catch (IOException e) {
            throw BatchException.fatal("cannot list " + options.inputDir() + ": " + FileWalker.describe(e), e);
        }
        EngineInfo engine = segmenter.engineInfo();
        if (options.writesReports()) {
            try {
                reports = new ReportWriter(layout.outputDir(), options.reportBaseName(), header(engine));
            } catch (IOException e) {
                throw BatchException.fatal("cannot write reports in " + layout.outputDir() + ": " + e.getMessage(), e);
            }
        }
        try {
            synchronized (sinkLock) {
                listener.started(total);
            }
            IOException walkError = new BatchPipeline(options.workers(), segmenter.preferredBatch(), options.shard())
                    .run(walker, new RunnerStages());
            if (walkError != null) {
                throw BatchException.fatal("listing " + options.inputDir() + " failed: "
                        + FileWalker.describe(walkError), walkError);
            }
            EngineException broken = engineFailure.get();
            if (broken != null) {
                throw BatchException.fatal(broken.getMessage(), broken);
            }
            long processed = ok + failed + skipped;
            long notReached = cancelled ? Math.max(0, total - processed) : 0;
            double wall = (System.nanoTime() - t0) / 1e9;
            BatchSummary summary = new BatchSummary(total, ok, failed, skipped, notReached, cancelled,
                    pool.images() == 0 ? null : pool.summary(), wall, options.shard().toString(),
                    engine.name(), engine.device(),
                    reports == null ? null : reports.csvPath().toString(),
                    reports == null ? null : reports.jsonPath().toString());
            if (reports != null) {
                if (reportError != null) {
                    throw BatchException.fatal("writing the report failed: " + reportError.getMessage(), reportError);
                }
                try {
                    reports.commit(summary);
                } catch (IOException e) {
                    throw BatchException.fatal("writing the report failed: " + e.getMessage(), e);
                }
            }
            synchronized (sinkLock) {
                listener.finished(summary);
            }
            return summary;
        } finally {
            if (reports != null) {
                reports.abort(); // no-op after commit
            }
        }
    }

    private Map<String, String> header(EngineInfo engine) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("input", options.inputDir() == null ? null : options.inputDir().toAbsolutePath().normalize().toString());
        h.put("output", layout == null ? null : layout.outputDir().toString());
        h.put("groundTruth", options.gtDir() == null ? null : options.gtDir().toAbsolutePath().normalize().toString());
        h.put("shard", options.shard().toString());
        h.put("engine", engine.toString());
        h.put("threshold", Double.toString(threshold()));
        h.put("cleanUp", describe(postprocess()));
        h.put("model", segmenter.card().name() + " " + segmenter.card().version()
                + (segmenter.card().trained() ? "" : " (untrained weights)"));
        h.put(ReportWriter.MODEL_ID, segmenter.card().id());
        h.put(ReportWriter.MODEL_VERSION, segmenter.card().version());
        h.put(ReportWriter.TTA, Boolean.toString(segmenter.options().tta()));
        return h;
    }

    /** The batch's own threshold, else the segmenter's. */
    private double threshold() {
        return options.threshold() != null ? options.threshold() : segmenter.threshold();
    }

    /** The batch's own clean-up, else the segmenter's. */
    private PostprocessOptions postprocess() {
        return options.postprocess() != null ? options.postprocess() : segmenter.postprocessor().options();
    }

    private static String describe(PostprocessOptions p) {
        if (p.keepLargestComponent() && p.fillHoles()) {
            return "largest region, holes filled";
        }
        return p.keepLargestComponent() ? "largest region" : p.fillHoles() ? "holes filled" : "none";
    }

    private ImageSource preflight() throws BatchException {
        Path in = options.inputDir();
        if (options.files() == null && !Files.isDirectory(in)) {
            throw BatchException.usage("input folder " + in + " does not exist or is not a folder");
        }
        if (options.gtDir() != null && !Files.isDirectory(options.gtDir())) {
            throw BatchException.usage("ground-truth folder " + options.gtDir() + " does not exist or is not a folder");
        }
        Path exclude = null;
        if (layout != null) {
            Path out = layout.outputDir();
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw BatchException.fatal("cannot create output folder " + out + ": " + FileWalker.describe(e), e);
            }
            if (!Files.isWritable(out)) {
                throw BatchException.fatal("output folder " + out + " is not writable", null);
            }
            if (options.writesReports() && !options.resume() && !options.overwrite()) {
                for (String ext : new String[] {".csv", ".json"}) {
                    Path report = out.resolve(options.reportBaseName() + ext);
                    if (Files.exists(report)) {
                        throw BatchException.usage(report + " exists (an earlier run); use --resume to continue it "
                                + "or --overwrite to replace it");
                    }
                }
            }
            if (in != null && options.files() == null) {
                Path inAbs = in.toAbsolutePath().normalize();
                if (!out.equals(inAbs) && out.startsWith(inAbs)) {
                    exclude = out; // never read our own outputs back as inputs
                }
            }
        }
        if (options.files() != null) {
            return new FileList(options.files(), options.outputDir(), options.output().suffix(), options.overwrite(),
                    options.output().what());
        }
        return ImageSource.folder(new FileWalker(in, options.recursive(), exclude));
    }

    // ---------------------------------------------------------------- pipeline

    /** The pipeline's threads call back into this runner for the work on each image. */
    private final class RunnerStages implements BatchPipeline.Stages {
        @Override
        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public void cancel() {
            BatchRunner.this.cancel();
        }

        @Override
        public void problem(long position, Path path, String name, String reason) {
            record(ImageRecord.failed(position, name, reason, run), path);
        }

        @Override
        public void decode(Task task, Channel<Decoded> out) {
            try {
                if (layout != null) {
                    Path mask = layout.fileFor(task.relative(), options.output().suffix());
                    if (Files.exists(mask)) {
                        if (options.resume()) { // a mask: BatchOptions allows resume with no other output
                            int[] size = PngCheck.completePngSize(mask);
                            if (size != null) {
                                skipFinished(task, mask, size);
                                return;
                            }
                            // incomplete or damaged output of an earlier run: redo it
                        } else if (!options.overwrite()) {
                            fail(task, layout.outputDir().relativize(mask) + " exists; use --resume or --overwrite");
                            return;
                        }
                    }
                }
                LoadedImage image = segmenter.load(task.file());
                out.put(new Decoded(task, segmenter.prepare(image)));
            } catch (Exception | OutOfMemoryError e) {
                fail(task, message(e));
            }
        }

        /** One engine run over the group; if it fails, each image alone, so one bad input fails only itself. */
        @Override
        public void infer(List<Decoded> group, Channel<Segmented> out) {
            List<Segmenter.Prepared> prepared = new ArrayList<>(group.size());
            for (Decoded d : group) {
                prepared.add(d.prepared());
            }
            try {
                List<Segmenter.Inferred> inferred = segmenter.infer(prepared);
                for (int i = 0; i < group.size(); i++) {
                    out.put(new Segmented(group.get(i).task(), inferred.get(i)));
                }
                return;
            } catch (Exception | OutOfMemoryError e) {
                if (group.size() == 1) {
                    if (e instanceof EngineException broken && options.stopOnEngineFailure()) {
                        // later images would fail the same way: end the run, naming the engine's failure
                        engineFailure.compareAndSet(null, broken);
                        cancel();
                        return;
                    }
                    fail(group.get(0).task(), message(e));
                    return;
                }
            }
            for (Decoded d : group) {
                infer(List.of(d), out);
            }
        }

        @Override
        public void encode(Segmented s) {
            long t0 = System.nanoTime();
            Task task = s.task();
            SegmentationResult r;
            LesionMeasurements measurements;
            try {
                r = segmenter.finish(s.inferred()).remasked(threshold(), postprocess());
                // measured here, on an encode thread, while the decoded pixels are at hand
                measurements = LesionMeasurer.measure(s.inferred().prepared().image(), r.mask(), options.pixelSizeMm());
            } catch (RuntimeException | OutOfMemoryError e) {
                fail(task, message(e));
                return;
            }
            try {
                Optional<Path> gtPath = findGroundTruth(task);
                BinaryMask gt = null;
                String gtProblem = null;
                if (gtPath.isPresent()) {
                    try {
                        gt = gtLoader.loadFor(gtPath.get(), r.width(), r.height());
                    } catch (IOException | RuntimeException e) {
                        gtProblem = "ground truth unusable: " + message(e);
                    }
                }
                String maskName = null;
                String overlayName = null;
                if (layout != null) {
                    ImageOutput output = options.output();
                    Path target = layout.fileFor(task.relative(), output.suffix());
                    LoadedImage decodedImage = s.inferred().prepared().image();
                    LoadedImage full = (options.overlays() || output.needsFullImage()) && decodedImage.isReduced()
                            ? segmenter.loader().load(task.file()) : decodedImage;
                    if (options.overlays()) {
                        // overlay first: the mask is the completion marker --resume looks for
                        Path overlay = layout.overlayFor(task.relative());
                        byte[] png = OverlayPng.encode(full, r.mask(), gt, r.probability());
                        AtomicFiles.write(overlay, png, options.overwrite() || options.resume());
                        overlayName = OutputLayout.slashed(layout.outputDir().relativize(overlay));
                    }
                    AtomicFiles.write(target, output.render(full, r, measurements),
                            options.overwrite() || options.resume());
                    if (output == ImageOutput.MASK) { // the record's mask column names masks only
                        maskName = OutputLayout.slashed(layout.outputDir().relativize(target));
                    }
                }
                ImageEvaluation evaluation = gt == null ? null
                        : MetricsPool.evaluate(task.name(), r.width(), r.height(), r.mask().data(), gt.data(),
                                r.probability().values());
                // work on this image, not time spent waiting in queues behind other images
                double ms = r.timings().totalMs() + (System.nanoTime() - t0) / 1e6;
                ImageRecord row = new ImageRecord(task.position(), task.name(), ImageStatus.OK, null, r.width(),
                        r.height(), run, false, ms, r.timings().inferMs(), r.lesionArea(),
                        maskName, overlayName, gtPath.map(Path::toString).orElse(null), evaluation, measurements);
                if (gtProblem != null) {
                    row = row.asFailure(gtProblem);
                }
                if (evaluation != null) {
                    pool.add(evaluation);
                }
                record(row, task.file());
            } catch (FileAlreadyExistsException e) {
                fail(task, layout.outputDir().relativize(Path.of(e.getFile()))
                        + " exists; use --resume or --overwrite");
            } catch (Exception | OutOfMemoryError e) {
                fail(task, message(e));
            }
        }
    }

    /** --resume found a complete mask: skip inference but still score it, so a resumed report is complete. */
    private void skipFinished(Task task, Path mask, int[] size) {
        String maskName = OutputLayout.slashed(layout.outputDir().relativize(mask));
        Optional<Path> gtPath = findGroundTruth(task);
        ImageEvaluation evaluation = null;
        String problem = null;
        if (gtPath.isPresent()) {
            try {
                BinaryMask pred = gtLoader.load(mask);
                BinaryMask gt = gtLoader.loadFor(gtPath.get(), pred.width(), pred.height());
                // no probability map for an earlier output: the paper protocol resizes the mask like ground truth
                evaluation = MetricsPool.evaluate(task.name(), pred.width(), pred.height(), pred.data(), gt.data(), null);
            } catch (IOException | RuntimeException e) {
                problem = "ground truth unusable: " + message(e);
            }
        }
        ImageRecord row = new ImageRecord(task.position(), task.name(), ImageStatus.SKIPPED,
                "output exists (--resume)", size[0], size[1], run, false, null, null, null, maskName, null,
                gtPath.map(Path::toString).orElse(null), evaluation, null);
        if (problem != null) {
            row = row.asFailure(problem);
        }
        if (evaluation != null) {
            pool.add(evaluation);
        }
        record(row, task.file());
    }

    private Optional<Path> findGroundTruth(Task task) {
        return gtFinder == null ? Optional.empty() : gtFinder.find(task.file(), task.relative());
    }

    private void fail(Task task, String reason) {
        record(ImageRecord.failed(task.position(), task.name(), reason, run), task.file());
    }

    /** The one place rows go: counts, report files and listener, serialised. */
    private void record(ImageRecord row, Path file) {
        synchronized (sinkLock) {
            switch (row.status()) {
                case OK -> ok++;
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
            }
            if (reports != null && reportError == null) {
                try {
                    reports.row(row);
                } catch (IOException e) {
                    reportError = e; // the disk is full or gone: stop, the report would lie
                    cancelled = true;
                }
            }
            try {
                if (row.status() == ImageStatus.FAILED) {
                    listener.fileFailed(file, row.reason(), row);
                } else {
                    listener.fileDone(row);
                }
            } catch (RuntimeException e) {
                // a broken progress display must not break the batch
            }
        }
    }

    private static String message(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory while processing this image (raise -Xmx or lower --workers)";
        }
        if (e instanceof java.nio.file.InvalidPathException ip && ip.getReason() != null
                && ip.getReason().contains("unmappable")) {
            // a name the JVM cannot encode in the locale's character set (e.g. "naïve.png" under LANG=C)
            return "file name not representable in this system's character set ("
                    + System.getProperty("sun.jnu.encoding") + "); run DermaSeg under a UTF-8 locale, e.g. LANG=C.UTF-8";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
