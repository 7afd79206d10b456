package org.dermaseg.inference.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets an engine's {@link SegmentationEngine#close()} wait for the runs in progress and refuse later ones.
 * Freeing a native ONNX Runtime session under a running call is a use-after-free that kills the JVM (seen
 * when the GUI was ended while it segmented); the Java engine's thread pool must not stop under a run either.
 * Runs share the read side of a lock; closing takes the write side.
 */
public final class RunGate {
    /** A run's body. */
    @FunctionalInterface
    public interface Run<T> {
        T call() throws EngineException;
    }

    private static final System.Logger LOG = System.getLogger(RunGate.class.getName());

    private final String engineName;
    private final long closeWaitMillis;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    /** @param engineName for the "closed" error, e.g. "ONNX Runtime engine" */
    public RunGate(String engineName, long closeWaitMillis) {
        this.engineName = engineName;
        this.closeWaitMillis = closeWaitMillis;
    }

    /** Runs {@code body} unless the engine is closed ({@link EngineException} "... is closed"). */
    public <T> T run(Run<T> body) throws EngineException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new EngineException("the " + engineName + " is closed");
            }
            return body.call();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Marks the engine closed once the runs in progress have finished, then calls {@code release} (once,
     * however often this is called). If runs are still going after the wait, {@code release} is skipped:
     * leaking until the process ends beats freeing resources under a run.
     */
    public void close(Runnable release) {
        boolean locked;
        try {
            locked = lock.writeLock().tryLock(closeWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            LOG.log(System.Logger.Level.WARNING, engineName + " left open: a run did not finish within "
                    + closeWaitMillis + " ms");
            return;
        }
        try {
            if (closed) {
                return;
            }
            closed = true;
            release.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
