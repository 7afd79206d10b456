package org.dermaseg.inference.engine.purejava;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.IntFunction;

/**
 * A network's forward pass with its thread pool and a pool of workspaces (created on first need, then reused),
 * so concurrent passes never share buffers. Every Java network is one of these around its own forward pass and
 * workspace type; {@link JavaEngine} adds the input checks, batches, the run gate and the engine description.
 *
 * @param <W> the network's workspace: every buffer one pass needs, sized for a number of threads
 */
public final class PooledNetwork<W> implements JavaNetwork {
    /** One forward pass of one image, on the given threads, in the given workspace. */
    @FunctionalInterface
    public interface Pass<W> {
        void run(Parallel par, W workspace, float[] in, int inOff, float[] out, int outOff);
    }

    private final Pass<W> pass;
    private final IntFunction<W> newWorkspace;
    private final Parallel par;
    private final ConcurrentLinkedDeque<W> workspaces = new ConcurrentLinkedDeque<>();
    /** Batches with whole images per thread: workspaces for one thread, and a pool of one thread to pass them. */
    private final boolean imagePerThread;
    private final ConcurrentLinkedDeque<W> serialWorkspaces = new ConcurrentLinkedDeque<>();
    private final Parallel serial;

    /**
     * @param newWorkspace a workspace for that many threads
     * @param imagePerThread batches of two or more images run each image whole on one thread
     */
    public PooledNetwork(Pass<W> pass, IntFunction<W> newWorkspace, int threads, boolean imagePerThread) {
        this.pass = pass;
        this.newWorkspace = newWorkspace;
        this.imagePerThread = imagePerThread;
        // the first workspace before the thread pool: running out of memory here then leaves no threads behind
        workspaces.push(newWorkspace.apply(threads));
        this.par = new Parallel(threads);
        this.serial = imagePerThread ? new Parallel(1) : null;
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        W ws = workspaces.poll();
        if (ws == null) {
            ws = newWorkspace.apply(par.threads());
        }
        try {
            pass.run(par, ws, in, inOff, out, outOff);
        } finally {
            workspaces.push(ws);
        }
    }

    /**
     * With {@code imagePerThread}, two or more images and two or more threads: each image on one thread, whole,
     * instead of every layer cut across the threads. Splitting one image costs a hand-off per layer (about 60
     * per UltraLight pass) and, on a busy machine, waits for a helper the OS has not scheduled; whole images
     * need neither (docs/performance.md).
     */
    @Override
    public void forwardBatch(float[] in, int batch, float[] out, int plane) {
        if (!imagePerThread || batch < 2 || par.threads() < 2) {
            JavaNetwork.super.forwardBatch(in, batch, out, plane);
            return;
        }
        par.range(batch, 1, (slot, from, to) -> {
            W ws = serialWorkspaces.poll();
            if (ws == null) {
                ws = newWorkspace.apply(1);
            }
            try {
                for (int b = from; b < to; b++) {
                    pass.run(serial, ws, in, b * 3 * plane, out, b * plane);
                }
            } finally {
                serialWorkspaces.push(ws);
            }
        });
    }

    @Override
    public void close() {
        par.close();
        if (serial != null) {
            serial.close();
        }
        workspaces.clear();
        serialWorkspaces.clear();
    }
}
