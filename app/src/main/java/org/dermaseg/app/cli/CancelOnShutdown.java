package org.dermaseg.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl+C (or a cluster scheduler's SIGTERM) during a long run: ask the work to stop and give it a
 * moment to write its reports, instead of dying with half-written temp files. Try-with-resources;
 * closing unregisters the hook (tests run many commands in one JVM).
 */
final class CancelOnShutdown implements AutoCloseable {
    private static final long GRACE_SECONDS = 30;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    CancelOnShutdown(Runnable cancel) {
        hook = new Thread(() -> {
            cancel.run();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dermaseg-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and has just been released
        }
    }
}
