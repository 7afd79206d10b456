package org.dermaseg.inference.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place the inference module makes threads: every one is a daemon (a batch or an engine never keeps
 * the JVM alive on its own) and named {@code dermaseg-<role>-<n>}, so a thread dump or a profiler shows which
 * stage waits or burns CPU.
 */
public final class NamedThreads {
    private NamedThreads() {
    }

    /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A started daemon thread. */
    public static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A fixed pool of {@code threads} daemon threads named after {@code prefix}. */
    public static ExecutorService fixedPool(String prefix, int threads) {
        return Executors.newFixedThreadPool(threads, factory(prefix));
    }

    /** A fork-join pool of {@code threads} daemon workers named after {@code prefix}, async (FIFO) mode. */
    public static ForkJoinPool forkJoinPool(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, true);
    }

    /** Waits for {@code t} to end; an interrupt runs {@code onInterrupt} and the wait goes on. */
    public static void joinUninterruptibly(Thread t, Runnable onInterrupt) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException e) {
                onInterrupt.run();
            }
        }
    }
}
