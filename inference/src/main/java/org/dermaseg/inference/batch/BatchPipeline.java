package org.dermaseg.inference.batch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.concurrent.Channel;
import org.dermaseg.inference.concurrent.NamedThreads;

/**
 * The threads and channels of a batch, and nothing of what is done to an image: {@link BatchRunner} supplies
 * that as {@link Stages}.
 * <pre>
 *   walker (1) --tasks--> decode+preprocess (workers) --decoded--> infer (1, batches) --segmented-->
 *   postprocess+encode (workers)
 * </pre>
 * The inference thread takes what is waiting, up to the engine's preferred batch, rather than waiting for a
 * full batch. Decode threads also preprocess and encode threads also postprocess, so the one inference thread
 * only feeds the engine (which parallelises inside: a GPU, ONNX Runtime's threads, or the Java engine's one
 * image per core). At most about {@code 6 * workers} images (or 3 engine batches) are in flight.
 */
final class BatchPipeline {
    /** Set {@code -Ddermaseg.batch.profile=true} to have each batch print where its threads spent their time. */
    static final String PROFILE_PROPERTY = "dermaseg.batch.profile";

    /** A file to segment, in listing order. */
    record Task(long position, Path file, Path relative, String name) {
    }

    /** Decoded and preprocessed (on a decode thread). */
    record Decoded(Task task, Segmenter.Prepared prepared) {
    }

    /** Through the engine; postprocessing and files are left to an encode thread. */
    record Segmented(Task task, Segmenter.Inferred inferred) {
    }

    /**
     * The work of each stage. Handlers turn every failure of an image into a report row themselves; one that
     * throws anyway loses that image's row but not the stage's thread.
     */
    interface Stages {
        boolean cancelled();

        void cancel();

        /** An entry the walker could not use (unreadable, not an image): becomes a failed row. */
        void problem(long position, Path path, String name, String reason);

        void decode(Task task, Channel<Decoded> out);

        void infer(List<Decoded> group, Channel<Segmented> out);

        void encode(Segmented item);
    }

    private final int workers;
    private final int batch;
    private final Shard shard;

    BatchPipeline(int workers, int engineBatch, Shard shard) {
        this.workers = workers;
        this.batch = Math.max(1, engineBatch);
        this.shard = shard;
    }

    /**
     * Runs all stages to completion on their own threads; the caller waits (an interrupt cancels, and the
     * stages still finish the images they hold).
     *
     * @return the walker's error, if listing failed midway (the run was cancelled then), else null
     */
    IOException run(ImageSource walker, Stages stages) {
        Channel<Task> tasks = new Channel<>("tasks", 2 * workers, 1);
        Channel<Decoded> decoded = new Channel<>("decoded", Math.max(2 * workers, 2 * batch), workers);
        Channel<Segmented> segmented = new Channel<>("segmented", Math.max(2 * workers, batch), 1);
        AtomicReference<IOException> walkError = new AtomicReference<>();
        StageClock clock = new StageClock();
        List<Thread> threads = new ArrayList<>();

        threads.add(NamedThreads.start("dermaseg-walk", () -> clock.time("walk", () -> {
            try {
                walker.walk(new ImageSource.Visitor() {
                    @Override
                    public boolean image(long position, Path file, Path relative, String name) {
                        if (stages.cancelled()) {
                            return false;
                        }
                        if (shard.includes(position)) {
                            tasks.put(new Task(position, file, relative, name));
                        }
                        return true;
                    }

                    @Override
                    public boolean problem(long position, Path path, String name, String reason) {
                        if (stages.cancelled()) {
                            return false;
                        }
                        if (shard.includes(position)) {
                            stages.problem(position, path, name, reason);
                        }
                        return true;
                    }
                });
            } catch (IOException e) {
                walkError.set(e);
                stages.cancel();
            } finally {
                tasks.producerDone();
            }
        })));
        for (int i = 0; i < workers; i++) {
            threads.add(NamedThreads.start("dermaseg-decode-" + i, () -> clock.time("decode+preprocess", () -> {
                try {
                    for (Optional<Task> t = tasks.take(); t.isPresent(); t = tasks.take()) {
                        if (!stages.cancelled()) {
                            Task task = t.get();
                            guarded(() -> stages.decode(task, decoded));
                        }
                    }
                } finally {
                    decoded.producerDone();
                }
            })));
        }
        threads.add(NamedThreads.start("dermaseg-infer", () -> clock.time("infer", () -> {
            try {
                List<Decoded> group = new ArrayList<>(batch);
                while (decoded.takeBatch(batch, group)) {
                    if (!stages.cancelled()) {
                        guarded(() -> stages.infer(group, segmented));
                    }
                    group.clear();
                }
            } finally {
                segmented.producerDone();
            }
        })));
        for (int i = 0; i < workers; i++) {
            threads.add(NamedThreads.start("dermaseg-encode-" + i, () -> clock.time("postprocess+encode", () -> {
                for (Optional<Segmented> s = segmented.take(); s.isPresent(); s = segmented.take()) {
                    if (!stages.cancelled()) {
                        Segmented item = s.get();
                        guarded(() -> stages.encode(item));
                    }
                }
            })));
        }
        for (Thread t : threads) {
            // interrupted caller: stop early, but still join and write reports
            NamedThreads.joinUninterruptibly(t, stages::cancel);
        }
        if (Boolean.getBoolean(PROFILE_PROPERTY)) {
            System.err.println("batch profile: " + workers + " decode, 1 infer (batches of up to " + batch + "), "
                    + workers + " encode threads");
            System.err.println("  CPU ms per stage (all its threads): " + clock);
            for (Channel<?> c : List.of(tasks, decoded, segmented)) {
                System.err.println("  " + c.depthSummary());
            }
        }
        return walkError.get();
    }

    /** Keeps the stage's thread (and the channels the next stages wait on) alive if a handler has a bug. */
    private static void guarded(Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            // a handler bug: that image gets no report row (listed minus processed in the summary shows it)
        }
    }

    /** CPU time per stage, summed over its threads (where the pipeline's work goes, against its wall time). */
    private static final class StageClock {
        private final Map<String, LongAdder> cpuNanos = new ConcurrentSkipListMap<>();
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

        void time(String stage, Runnable body) {
            long t0 = cpu();
            try {
                body.run();
            } finally {
                cpuNanos.computeIfAbsent(stage, k -> new LongAdder()).add(cpu() - t0);
            }
        }

        private long cpu() {
            return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            cpuNanos.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                    .append(v.sum() / 1_000_000));
            return sb.toString();
        }
    }
}
