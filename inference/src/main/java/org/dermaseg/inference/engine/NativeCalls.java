package org.dermaseg.inference.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every call into ONNX Runtime's native code that can outlive a stop signal (creating a session, running
 * one) passes through here, so that a process about to exit can first wait for them: ONNX Runtime registers
 * its own JVM shutdown hook that frees its native environment, and a call still running at that moment
 * crashes the JVM (seen: SIGSEGV / SIGABRT with an hs_err file when a batch or the window got SIGTERM while
 * a session was being created). {@link #quiesce} is for process exit only: it is not undone, and calls
 * made after it wait until the process has gone.
 */
public final class NativeCalls {
    /** A native call. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

    private NativeCalls() {
    }

    /** Runs {@code call}; concurrent calls do not wait for each other. */
    public static <T, E extends Exception> T run(Call<T, E> call) throws E {
        LOCK.readLock().lock();
        try {
            return call.call();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /**
     * Waits up to {@code millis} for the calls in progress to return and keeps new ones from starting, so
     * the JVM can exit without native code running under ONNX Runtime's shutdown hook.
     *
     * @return true when no call is running any more, false when the wait ran out
     */
    public static boolean quiesce(long millis) {
        try {
            return LOCK.writeLock().tryLock(millis, TimeUnit.MILLISECONDS); // held until the process ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
