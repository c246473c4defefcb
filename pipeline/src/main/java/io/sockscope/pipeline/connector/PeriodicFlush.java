package io.sockscope.pipeline.connector;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a task every interval on its own daemon thread until stopped; {@link #stop()} waits for a run in
 * progress, so the caller's final flush comes after it. A failing run is logged and the next one goes on.
 */
public final class PeriodicFlush {
    private static final System.Logger LOG = System.getLogger(PeriodicFlush.class.getName());

    private final String name;
    private final Duration interval;
    private final Runnable task;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopping = lock.newCondition();
    private boolean stopped;
    private Thread thread;

    public PeriodicFlush(String name, Duration interval, Runnable task) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.name = name;
        this.interval = interval;
        this.task = task;
    }

    public void start() {
        lock.lock();
        try {
            if (thread == null && !stopped) {
                thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        long next = System.nanoTime() + interval.toNanos();
        while (true) {
            lock.lock();
            try {
                long wait;
                while (!stopped && (wait = next - System.nanoTime()) > 0) {
                    stopping.awaitNanos(wait);
                }
                if (stopped) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": " + e);
            }
            next += interval.toNanos();
            long now = System.nanoTime();
            if (next < now) {
                next = now + interval.toNanos(); // fell behind: skip the missed runs
            }
        }
    }

    /** Stops the loop and waits (at most 5 s) for a run in progress. Idempotent. */
    public void stop() {
        Thread t;
        lock.lock();
        try {
            stopped = true;
            stopping.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
