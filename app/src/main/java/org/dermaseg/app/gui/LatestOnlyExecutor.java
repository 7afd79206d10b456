package org.dermaseg.app.gui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import javafx.application.Platform;

/**
 * One background thread for live updates (re-thresholding, metrics): per key only the newest request
 * waits, older waiting ones are dropped, so dragging a slider over 50 values computes a handful of masks,
 * not 50, and the last value always wins. Results are handed to the FX thread; failures too.
 */
public final class LatestOnlyExecutor implements AutoCloseable {
    private record Job<T>(Callable<T> work, Consumer<T> onFx, Consumer<Throwable> onError) {
    }

    private final Map<String, Job<?>> pending = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private int running;

    public LatestOnlyExecutor(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code work} under {@code key}, replacing a request of that key that has not started. */
    public synchronized <T> void submit(String key, Callable<T> work, Consumer<T> onFx, Consumer<Throwable> onError) {
        pending.remove(key);
        pending.put(key, new Job<>(work, onFx, onError));
        notifyAll();
    }

    /** True while work is queued or running (tests wait for quiet). */
    public synchronized boolean isBusy() {
        return running > 0 || !pending.isEmpty();
    }

    private void loop() {
        while (!closed) {
            Job<?> job;
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                String key = pending.keySet().iterator().next();
                job = pending.remove(key);
                running++;
            }
            try {
                run(job);
            } finally {
                synchronized (this) {
                    running--;
                }
            }
        }
    }

    private static <T> void run(Job<T> job) {
        try {
            T result = job.work().call();
            Platform.runLater(() -> job.onFx().accept(result));
        } catch (Throwable t) {
            Platform.runLater(() -> job.onError().accept(t));
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        pending.clear();
        notifyAll();
    }
}
