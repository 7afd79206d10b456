package org.dermaseg.inference.engine.purejava;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.dermaseg.inference.concurrent.NamedThreads;

/**
 * A small fixed pool for data-parallel loops. A range is cut into contiguous chunks (over channels, rows or
 * sequences, never per element); the calling thread and up to {@code threads - 1} helpers take chunks from a
 * shared counter until none is left, so a helper that the OS schedules late (a busy 2-core laptop) simply
 * does less, and the caller never waits for a thread that has not started: it only waits for chunks that
 * are being run. Each participant has a slot number (caller 0, helpers 1..threads-1) for its scratch
 * buffers. With one thread there is no pool. Safe to use from several calling threads at once.
 */
public final class Parallel implements AutoCloseable {
    /** Body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Body of a parallel loop that also gets the slot (0 .. threads-1) of the thread running it. */
    @FunctionalInterface
    public interface IndexedRange {
        void run(int slot, int from, int to);
    }

    /** Chunks per participating thread: enough to even out a late or slow thread, few enough to stay cheap. */
    private static final int CHUNKS_PER_THREAD = 3;
    private static final int SPINS = 2000;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ForkJoinPool pool;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.pool = null;
        } else {
            this.pool = NamedThreads.forkJoinPool("dermaseg-java-engine-" + POOLS.incrementAndGet(), threads - 1);
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of at least {@code grain} items (so that small loops stay
     * on the calling thread).
     */
    public void range(int n, int grain, Range body) {
        range(n, grain, (IndexedRange) (slot, from, to) -> body.run(from, to));
    }

    /** As {@link #range(int, int, Range)}; the body also gets the slot of the thread running the chunk. */
    public void range(int n, int grain, IndexedRange body) {
        int chunks = pool == null ? 1 : Math.min(threads * CHUNKS_PER_THREAD, n / Math.max(1, grain));
        if (chunks <= 1) {
            if (n > 0) {
                body.run(0, 0, n);
            }
            return;
        }
        Region region = new Region(n, chunks, body, Thread.currentThread());
        int helpers = Math.min(threads - 1, chunks - 1);
        for (int s = 1; s <= helpers; s++) {
            int slot = s;
            pool.execute(() -> region.work(slot));
        }
        region.work(0);
        region.await();
    }

    /** One parallel loop: a chunk counter, a completion counter and the first failure. */
    private static final class Region {
        private final int n;
        private final int chunks;
        private final IndexedRange body;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Region(int n, int chunks, IndexedRange body, Thread caller) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.caller = caller;
        }

        void work(int slot) {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (failure == null) {
                        body.run(slot, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                    }
                } catch (RuntimeException | Error e) {
                    synchronized (this) {
                        if (failure == null) {
                            failure = e;
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                } finally {
                    if (done.incrementAndGet() == chunks && Thread.currentThread() != caller) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /** Waits (briefly spinning, then parking) until every chunk has run; rethrows the first failure. */
        void await() {
            int spins = 0;
            while (done.get() < chunks) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 100_000L);
                }
            }
            Throwable t = failure;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
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
