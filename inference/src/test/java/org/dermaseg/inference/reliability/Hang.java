package org.dermaseg.inference.reliability;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Per-input time limit of the fuzz tests, the same in regression mode and while fuzzing: the body runs on
 * a worker thread and an input that has not finished after {@link #LIMIT_SECONDS} is a finding. (A JUnit
 * {@code @Timeout} on a {@code @FuzzTest} would also time the whole fuzzing session, which always fails.)
 * A decoder stuck in native code cannot be stopped; its thread is abandoned and a new one serves the next
 * input.
 */
final class Hang {
    static final long LIMIT_SECONDS = 10;

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-input");
        t.setDaemon(true);
        return t;
    });

    private Hang() {
    }

    static void guard(PeakMemory.Body body) throws Exception {
        guard(body, TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
    }

    static void guard(PeakMemory.Body body, long limitMillis) throws Exception {
        Future<?> f = POOL.submit(() -> {
            body.run();
            return null;
        });
        try {
            f.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("input not handled within " + limitMillis + " ms (hang)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
