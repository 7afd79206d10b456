package org.dermaseg.app;

import java.util.concurrent.atomic.AtomicInteger;

import org.dermaseg.inference.engine.NativeCalls;
import sun.misc.Signal;

/**
 * Ctrl+C, SIGTERM (a scheduler, logout) and SIGHUP stop the work in progress <em>before</em> the JVM starts
 * shutting down. Left to the JVM, a signal starts the shutdown at once and runs every shutdown hook at the
 * same time, ONNX Runtime's among them: it frees the native environment while another thread is still
 * creating or running a session, and the process dies with SIGSEGV (seen when the window was killed while
 * its model loaded). Here the signal only asks the registered work to stop; the process then ends by its
 * normal path with exit code 128 + signal (130 for Ctrl+C, 143 for SIGTERM). Without registered work (a
 * short command such as {@code samples} or {@code bench}), or when the work has not stopped within
 * {@link #GRACE_MILLIS}, the process exits as soon as no ONNX Runtime call is running
 * ({@link NativeCalls#quiesce}). A second Ctrl+C ends it at once.
 */
public final class ExitSignals {
    /** How long stopping may take before the process is ended anyway. */
    public static final long GRACE_MILLIS = 30_000;

    private static final String[] NAMES = {"INT", "TERM", "HUP"};
    private static final AtomicInteger received = new AtomicInteger();
    private static volatile Runnable reaction; // null: exit at once
    private static boolean installed;

    /** A registration that ends with its try-with-resources block. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private ExitSignals() {
    }

    /** Takes over the signals this OS has (Windows has no HUP); idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : NAMES) {
            try {
                Signal.handle(new Signal(name), ExitSignals::handle);
            } catch (IllegalArgumentException unknownOrReserved) {
                // not on this OS, or the JVM keeps it (-Xrs): the JVM's own handling stays
            }
        }
    }

    /**
     * While the returned scope is open, a signal calls {@code stop} (off the signal thread) instead of ending
     * the process: the work stops, writes what it writes when cancelled, and the process then ends by its
     * normal path, its exit code replaced by {@link #exitCode(int)}'s. Outside every scope a signal ends the
     * process at once, as the JVM would.
     */
    public static Scope cancelling(Runnable stop) {
        Runnable before = reaction;
        reaction = stop;
        return () -> {
            if (reaction == stop) {
                reaction = before;
            }
        };
    }

    /**
     * A stop action whose target is known only later: a command opens its scope before the engine (a signal
     * while ONNX Runtime starts must not end the JVM under it either), then names what to cancel. A
     * signal that came first cancels the target as soon as it is named.
     */
    public static final class Deferred implements Runnable {
        private volatile boolean requested;
        private volatile Runnable target;

        /** Names what a stop cancels; cancels it at once when a stop was already asked for. */
        public void target(Runnable cancel) {
            target = cancel;
            if (requested) {
                cancel.run();
            }
        }

        /** Whether a stop was asked for. */
        public boolean requested() {
            return requested;
        }

        @Override
        public void run() {
            requested = true;
            Runnable t = target;
            if (t != null) {
                t.run();
            }
        }
    }

    /**
     * Ends the process without a scope's orderly stop: first lets the ONNX Runtime calls in progress return
     * (a few hundred ms at most), since its shutdown hook would free the runtime under them.
     */
    private static void exitNow(int code) {
        NativeCalls.quiesce(10_000);
        System.exit(code);
    }

    /** {@code code}, or 128 + the signal when one asked the process to stop. */
    public static int exitCode(int code) {
        int s = received.get();
        return s == 0 ? code : 128 + s;
    }

    private static void handle(Signal sig) {
        int n = sig.getNumber();
        if (!received.compareAndSet(0, n)) {
            if ("INT".equals(sig.getName())) {
                Runtime.getRuntime().halt(128 + n); // Ctrl+C twice: now (outputs are atomic, so nothing is torn)
            }
            return; // a logout sends TERM and HUP together: the first one is being handled
        }
        Runnable r = reaction;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("dermaseg: the work did not stop within " + GRACE_MILLIS / 1000 + " s; exiting");
            exitNow(128 + n);
        }, "dermaseg-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // off the JVM's signal dispatcher thread, which must not block
        Thread stopper = new Thread(() -> {
            if (r == null) {
                exitNow(128 + n);
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("dermaseg: while stopping: " + e);
                exitNow(128 + n);
            }
        }, "dermaseg-signal-" + sig.getName());
        stopper.setDaemon(true);
        stopper.start();
    }
}
