package org.dermaseg.inference.concurrent;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, typed hand-off between two pipeline stages that knows when its producers are done: each producer
 * calls {@link #producerDone()} once, and after the last one, consumers get {@link Optional#empty()} once the
 * items left are taken. This replaces a poison marker in an untyped queue. Blocking calls ignore interrupts on
 * purpose: a stage that stopped half-way would leave the stages after it waiting forever; stopping early is
 * done by the caller's own cancel flag, draining items without work.
 *
 * @param <T> what travels between the stages
 */
public final class Channel<T> {
    private final String name;
    private final int capacity;
    private final ArrayDeque<T> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int producers;
    private long puts;
    private long depthSum;
    private int maxDepth;

    public Channel(String name, int capacity, int producers) {
        if (capacity < 1 || producers < 1) {
            throw new IllegalArgumentException("capacity and producers must be >= 1");
        }
        this.name = name;
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
        this.producers = producers;
    }

    /** Adds an item, waiting while the channel is full. */
    public void put(T item) {
        lock.lock();
        try {
            if (producers == 0) {
                throw new IllegalStateException(name + ": put after every producer is done");
            }
            while (items.size() >= capacity) {
                notFull.awaitUninterruptibly();
            }
            items.addLast(item);
            puts++;
            depthSum += items.size();
            maxDepth = Math.max(maxDepth, items.size());
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The next item, waiting for one; empty once every producer is done and nothing is left. */
    public Optional<T> take() {
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (producers == 0) {
                    return Optional.empty();
                }
                notEmpty.awaitUninterruptibly();
            }
            T item = items.pollFirst();
            notFull.signal();
            return Optional.of(item);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for one item, then adds it and up to {@code max - 1} more that are already there (no waiting for
     * a full batch: a batch never holds an image back while the stage before is slower).
     *
     * @return false once every producer is done and nothing is left
     */
    public boolean takeBatch(int max, List<T> into) {
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (producers == 0) {
                    return false;
                }
                notEmpty.awaitUninterruptibly();
            }
            for (int i = 0; i < max && !items.isEmpty(); i++) {
                into.add(items.pollFirst());
            }
            notFull.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** One producer has put its last item. */
    public void producerDone() {
        lock.lock();
        try {
            if (producers == 0) {
                throw new IllegalStateException(name + ": more producers done than declared");
            }
            producers--;
            if (producers == 0) {
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** e.g. "decoded: 200 items, depth mean 1.4, max 2 of 2" (where the pipeline waits: full = the next stage is slower). */
    public String depthSummary() {
        lock.lock();
        try {
            return String.format(java.util.Locale.ROOT, "%s: %d items, depth at put mean %.1f, max %d of %d", name, puts,
                    puts == 0 ? 0.0 : (double) depthSum / puts, maxDepth, capacity);
        } finally {
            lock.unlock();
        }
    }
}
