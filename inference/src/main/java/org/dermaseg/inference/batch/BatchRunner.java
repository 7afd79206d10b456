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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
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

/**
 * Segments a folder of images into masks (and optional overlays), scores them against ground truth
 * when it exists, and writes {@code report.csv} + {@code report.json}.
 *
 * <p>Pipeline, each stage its own threads joined by bounded queues so decoding, inference and
 * encoding overlap and memory stays bounded whatever the folder size:
 * <pre>
 *   walker (1) --tasks--> decode (workers) --images--> infer (max(1, workers/2)) --results--> encode (workers)
 * </pre>
 * At most about {@code 4 * workers} images are in flight; the file list is streamed by
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
    private static final Object POISON = new Object();

    private final Segmenter segmenter;
    private final BatchOptions options;
    private final BatchListener listener;
    private final GroundTruthFinder gtFinder;
    private final GroundTruthLoader gtLoader;
    private final OutputLayout layout;
    private final MetricsPool pool = new MetricsPool();
    private volatile boolean cancelled;

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
                ? new GroundTruthFinder(options.gtDir(), options.gtNextToImage()) : null;
        this.gtLoader = new GroundTruthLoader(new ImageLoader(segmenter.options().limits(), false),
                options.gtResizeNearest());
        this.layout = options.outputDir() == null ? null : new OutputLayout(options.outputDir());
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
        FileWalker walker = preflight();
        long total;
        try {
            total = walker.count(options.shard());
        } catch (IOException e) {
            throw BatchException.fatal("cannot list " + options.inputDir() + ": " + FileWalker.describe(e), e);
        }
        EngineInfo engine = segmenter.engineInfo();
        if (layout != null) {
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
            IOException walkError = runPipeline(walker);
            if (walkError != null) {
                throw BatchException.fatal("listing " + options.inputDir() + " failed: "
                        + FileWalker.describe(walkError), walkError);
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
        h.put("input", options.inputDir().toAbsolutePath().normalize().toString());
        h.put("output", layout == null ? null : layout.outputDir().toString());
        h.put("groundTruth", options.gtDir() == null ? null : options.gtDir().toAbsolutePath().normalize().toString());
        h.put("shard", options.shard().toString());
        h.put("engine", engine.toString());
        h.put("threshold", Double.toString(threshold()));
        h.put("cleanUp", describe(postprocess()));
        h.put("model", segmenter.card().name() + " " + segmenter.card().version()
                + (segmenter.card().trained() ? "" : " (untrained weights)"));
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

    private FileWalker preflight() throws BatchException {
        Path in = options.inputDir();
        if (!Files.isDirectory(in)) {
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
            if (!options.resume() && !options.overwrite()) {
                for (String ext : new String[] {".csv", ".json"}) {
                    Path report = out.resolve(options.reportBaseName() + ext);
                    if (Files.exists(report)) {
                        throw BatchException.usage(report + " exists (an earlier run); use --resume to continue it "
                                + "or --overwrite to replace it");
                    }
                }
            }
            Path inAbs = in.toAbsolutePath().normalize();
            if (!out.equals(inAbs) && out.startsWith(inAbs)) {
                exclude = out; // never read our own outputs back as inputs
            }
        }
        return new FileWalker(in, options.recursive(), exclude);
    }

    // ---------------------------------------------------------------- pipeline

    private record Task(long position, Path file, Path relative, String name) {
    }

    private record Decoded(Task task, LoadedImage image) {
    }

    private record Segmented(Task task, LoadedImage image, SegmentationResult result,
                             LesionMeasurements measurements) {
    }

    /** Runs all stages to completion; returns the walker's error, if listing failed midway. */
    private IOException runPipeline(FileWalker walker) {
        int workers = options.workers();
        int inferThreads = options.inferenceThreads();
        BlockingQueue<Object> tasks = new ArrayBlockingQueue<>(2 * workers);
        BlockingQueue<Object> decoded = new ArrayBlockingQueue<>(workers);
        BlockingQueue<Object> segmented = new ArrayBlockingQueue<>(workers);
        AtomicReference<IOException> walkError = new AtomicReference<>();
        AtomicInteger decodersLeft = new AtomicInteger(workers);
        AtomicInteger inferersLeft = new AtomicInteger(inferThreads);
        List<Thread> threads = new ArrayList<>();

        threads.add(thread("dermaseg-walk", () -> {
            try {
                walker.walk(new FileWalker.Visitor() {
                    @Override
                    public boolean image(long position, Path file, Path relative) {
                        if (cancelled) {
                            return false;
                        }
                        if (options.shard().includes(position)) {
                            put(tasks, new Task(position, file, relative, OutputLayout.slashed(relative)));
                        }
                        return true;
                    }

                    @Override
                    public boolean problem(long position, Path path, Path relative, String reason) {
                        if (cancelled) {
                            return false;
                        }
                        if (options.shard().includes(position)) {
                            record(ImageReport.failed(position, OutputLayout.slashed(relative), reason), path);
                        }
                        return true;
                    }
                });
            } catch (IOException e) {
                walkError.set(e);
                cancelled = true;
            } finally {
                for (int i = 0; i < workers; i++) {
                    put(tasks, POISON);
                }
            }
        }));
        for (int i = 0; i < workers; i++) {
            threads.add(thread("dermaseg-decode-" + i, () -> {
                try {
                    stage(tasks, item -> decode((Task) item, decoded));
                } finally {
                    if (decodersLeft.decrementAndGet() == 0) {
                        for (int k = 0; k < inferThreads; k++) {
                            put(decoded, POISON);
                        }
                    }
                }
            }));
        }
        for (int i = 0; i < inferThreads; i++) {
            threads.add(thread("dermaseg-infer-" + i, () -> {
                try {
                    stage(decoded, item -> infer((Decoded) item, segmented));
                } finally {
                    if (inferersLeft.decrementAndGet() == 0) {
                        for (int k = 0; k < workers; k++) {
                            put(segmented, POISON);
                        }
                    }
                }
            }));
        }
        for (int i = 0; i < workers; i++) {
            threads.add(thread("dermaseg-encode-" + i, () -> stage(segmented, item -> encode((Segmented) item))));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            boolean done = false;
            while (!done) {
                try {
                    t.join();
                    done = true;
                } catch (InterruptedException e) {
                    cancel(); // interrupted caller: stop early, but still join and write reports
                }
            }
        }
        return walkError.get();
    }

    private interface ItemHandler {
        void handle(Object item);
    }

    /** Takes items until the poison pill; after cancellation, items are drained without work. */
    private void stage(BlockingQueue<Object> in, ItemHandler handler) {
        while (true) {
            Object item = take(in);
            if (item == POISON) {
                return;
            }
            if (cancelled) {
                continue; // drained: counted as not reached
            }
            try {
                handler.handle(item);
            } catch (RuntimeException e) {
                // handlers turn every failure into a report row; this only keeps the stage (and the
                // pill protocol the other stages wait on) alive if one of them has a bug
            }
        }
    }

    private void decode(Task task, BlockingQueue<Object> out) {
        try {
            if (layout != null) {
                Path mask = layout.maskFor(task.relative());
                if (Files.exists(mask)) {
                    if (options.resume()) {
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
            put(out, new Decoded(task, image));
        } catch (Exception | OutOfMemoryError e) {
            fail(task, message(e));
        }
    }

    private void infer(Decoded d, BlockingQueue<Object> out) {
        try {
            SegmentationResult r = segmenter.segment(d.image()).remasked(threshold(), postprocess());
            // measured here, while the pixels are at hand (the final mask: encode's remasking is then a no-op)
            LesionMeasurements m = LesionMeasurer.measure(d.image(), r.mask(), options.pixelSizeMm());
            // keep the pixels only when an overlay needs them: bounded memory per image in flight
            put(out, new Segmented(d.task(), options.overlays() ? d.image() : null, r, m));
        } catch (Exception | OutOfMemoryError e) {
            fail(d.task(), message(e));
        }
    }

    private void encode(Segmented s) {
        long t0 = System.nanoTime();
        Task task = s.task();
        SegmentationResult r = s.result().remasked(threshold(), postprocess());
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
                Path mask = layout.maskFor(task.relative());
                if (options.overlays()) {
                    // overlay first: the mask is the completion marker --resume looks for
                    Path overlay = layout.overlayFor(task.relative());
                    LoadedImage full = s.image().isReduced() ? segmenter.loader().load(task.file()) : s.image();
                    byte[] png = MaskImages.overlayPng(full.rgb(), r.mask(), gt);
                    AtomicFiles.write(overlay, png, options.overwrite() || options.resume());
                    overlayName = OutputLayout.slashed(layout.outputDir().relativize(overlay));
                }
                AtomicFiles.write(mask, MaskImages.maskPng(r.mask()), options.overwrite() || options.resume());
                maskName = OutputLayout.slashed(layout.outputDir().relativize(mask));
            }
            ImageEvaluation evaluation = gt == null ? null
                    : MetricsPool.evaluate(task.name(), r.width(), r.height(), r.mask().data(), gt.data(),
                            r.probability().values());
            // work on this image, not time spent waiting in queues behind other images
            double ms = r.timings().totalMs() + (System.nanoTime() - t0) / 1e6;
            ImageReport row = new ImageReport(task.position(), task.name(), ImageStatus.OK, null, r.width(), r.height(),
                    r.engine().name(), r.engine().device(), ms, r.timings().inferMs(), r.lesionArea(),
                    maskName, overlayName, gtPath.map(Path::toString).orElse(null), evaluation, s.measurements());
            if (gtProblem != null) {
                row = row.asFailure(gtProblem);
            }
            if (evaluation != null) {
                pool.add(evaluation);
            }
            record(row, task.file());
        } catch (FileAlreadyExistsException e) {
            fail(task, layout.outputDir().relativize(Path.of(e.getFile())) + " exists; use --resume or --overwrite");
        } catch (Exception | OutOfMemoryError e) {
            fail(task, message(e));
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
        ImageReport row = new ImageReport(task.position(), task.name(), ImageStatus.SKIPPED,
                "output exists (--resume)", size[0], size[1], null, null, null, null, null, maskName, null,
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
        record(ImageReport.failed(task.position(), task.name(), reason), task.file());
    }

    /** The one place rows go: counts, report files and listener, serialised. */
    private void record(ImageReport row, Path file) {
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

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static void put(BlockingQueue<Object> q, Object item) {
        boolean interrupted = false;
        while (true) {
            try {
                q.put(item);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the pill protocol must complete or a stage waits forever
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object take(BlockingQueue<Object> q) {
        while (true) {
            try {
                return q.take();
            } catch (InterruptedException e) {
                // keep draining: only the poison pill ends a stage
            }
        }
    }
}
