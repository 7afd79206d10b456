package org.dermaseg.inference.engine.purejava;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fixed pool for data-parallel loops: a range is cut into at most {@code threads} contiguous
 * chunks (over channels, rows or sequences, never per element); the calling thread runs the first chunk
 * itself and then joins the others, taking back any that no worker has started. With one thread there is
 * no pool and everything runs on the caller. Safe to use from several calling threads at once.
 */
final class Parallel implements AutoCloseable {
    /** Body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Body of a parallel loop that also gets its chunk number (0 .. threads-1), e.g. to pick scratch buffers. */
    @FunctionalInterface
    interface IndexedRange {
        void run(int chunk, int from, int to);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ForkJoinPool pool;

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.pool = null;
        } else {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = new ForkJoinPool(threads, p -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                t.setName("dermaseg-java-engine-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, null, false);
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in up to {@code threads} chunks of at least {@code grain}
     * items each (so that small loops stay on the calling thread).
     */
    void range(int n, int grain, Range body) {
        range(n, grain, (IndexedRange) (chunk, from, to) -> body.run(from, to));
    }

    /** As {@link #range(int, int, Range)}; each chunk also gets its number, unique among concurrent chunks. */
    void range(int n, int grain, IndexedRange body) {
        int chunks = pool == null ? 1 : Math.min(threads, n / Math.max(1, grain));
        if (chunks <= 1) {
            if (n > 0) {
                body.run(0, 0, n);
            }
            return;
        }
        ForkJoinTask<?>[] forks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            int chunk = c;
            forks[c - 1] = pool.submit(() -> body.run(chunk, from, to));
        }
        Throwable failure = null;
        try {
            body.run(0, 0, (int) ((long) n / chunks));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> f : forks) {
            try {
                f.join();
            } catch (RuntimeException | Error e) {
                // ForkJoin rethrows a copy of a worker's exception with the original as cause: report the original
                Throwable t = e.getCause() != null && e.getCause().getClass() == e.getClass() ? e.getCause() : e;
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
