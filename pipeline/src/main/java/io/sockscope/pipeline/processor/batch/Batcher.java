package io.sockscope.pipeline.processor.batch;

import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The batching logic, for spans and data points alike. Threading: {@link #add} is called from any
 * thread and sends size-triggered batches on the caller's thread; one flusher thread per instance
 * sends batches whose oldest item waited {@code timeout}. Shutdown stops the flusher, then sends
 * everything still pending.
 */
final class Batcher<T> implements Component {
    private static final System.Logger LOG = System.getLogger(Batcher.class.getName());

    private final String name;
    private final BatchConfig config;
    private final ToIntFunction<List<T>> count;
    private final BiFunction<List<T>, Integer, Items.Split<T>> split;
    private final Consumer<List<T>> next;
    private final Duration shutdownWait;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private List<T> pending = new ArrayList<>();
    private int pendingCount;
    private long deadlineNanos;
    private boolean running;
    private boolean stopped;
    private Thread flusher;

    private final LongAdder sendSizeSum;
    private final LongAdder sendSizeCount;
    private final LongAdder sizeTriggers;
    private final LongAdder timeoutTriggers;

    Batcher(String id, String signal, BatchConfig config, ToIntFunction<List<T>> count,
            BiFunction<List<T>, Integer, Items.Split<T>> split, Consumer<List<T>> next, SelfTelemetry telemetry) {
        this.name = id + "/" + signal;
        this.config = config;
        this.count = count;
        this.split = split;
        this.next = next;
        this.shutdownWait = Duration.ofSeconds(5);
        this.sendSizeSum = telemetry.counter("otelcol_processor_batch_batch_send_size_sum", "processor", id);
        this.sendSizeCount = telemetry.counter("otelcol_processor_batch_batch_send_size_count", "processor", id);
        this.sizeTriggers = telemetry.counter("otelcol_processor_batch_batch_size_trigger_send", "processor", id);
        this.timeoutTriggers = telemetry.counter("otelcol_processor_batch_timeout_trigger_send", "processor", id);
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (running || stopped) {
                return;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        if (!config.timeout().isZero()) {
            flusher = Thread.ofPlatform().daemon().name("batch-" + name).start(this::flushOnTimeout);
        }
    }

    void add(List<T> data) {
        int n = count.applyAsInt(data);
        if (n == 0) {
            return;
        }
        List<List<T>> batches;
        lock.lock();
        try {
            if (!running || config.timeout().isZero()) {
                // Not started, shut down, or no waiting asked for: pass through, split to the max size.
                batches = null;
            } else {
                if (pendingCount == 0) {
                    deadlineNanos = System.nanoTime() + config.timeout().toNanos();
                    changed.signal();
                }
                pending.addAll(data);
                pendingCount += n;
                if (config.sendBatchSize() == 0 || pendingCount < config.sendBatchSize()) {
                    return;
                }
                batches = new ArrayList<>();
                while (pendingCount > 0 && pendingCount >= config.sendBatchSize()) {
                    batches.add(take(config.sendBatchMaxSize() > 0 ? Math.min(config.sendBatchMaxSize(), pendingCount) : pendingCount));
                }
                sizeTriggers.add(batches.size());
                deadlineNanos = System.nanoTime() + config.timeout().toNanos();
            }
        } finally {
            lock.unlock();
        }
        if (batches == null) {
            sendAll(data, n);
        } else {
            batches.forEach(this::send);
        }
    }

    /** Removes the first {@code items} pending items; called with the lock held. */
    private List<T> take(int items) {
        if (items >= pendingCount) {
            List<T> all = pending;
            pending = new ArrayList<>();
            pendingCount = 0;
            return all;
        }
        Items.Split<T> s = split.apply(pending, items);
        pending = new ArrayList<>(s.tail());
        pendingCount -= items;
        return s.head();
    }

    private void flushOnTimeout() {
        lock.lock();
        try {
            while (running) {
                if (pendingCount == 0) {
                    changed.await();
                    continue;
                }
                long wait = deadlineNanos - System.nanoTime();
                if (wait > 0) {
                    changed.awaitNanos(wait);
                    continue;
                }
                List<T> batch = pending;
                int n = pendingCount;
                pending = new ArrayList<>();
                pendingCount = 0;
                timeoutTriggers.increment();
                lock.unlock();
                try {
                    sendAll(batch, n);
                } finally {
                    lock.lock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Sends data of {@code n} items, in pieces no bigger than send_batch_max_size. */
    private void sendAll(List<T> data, int n) {
        int max = config.sendBatchMaxSize();
        List<T> rest = data;
        int left = n;
        while (max > 0 && left > max) {
            Items.Split<T> s = split.apply(rest, max);
            send(s.head());
            rest = s.tail();
            left -= max;
        }
        send(rest);
    }

    private void send(List<T> batch) {
        int n = count.applyAsInt(batch);
        if (n == 0) {
            return;
        }
        sendSizeSum.add(n);
        sendSizeCount.increment();
        try {
            next.accept(batch);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "batch " + name + ": the next component failed to take " + n + " items: " + e);
        }
    }

    @Override
    public void shutdown() {
        Thread t;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            running = false;
            changed.signalAll();
            t = flusher;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(shutdownWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<T> rest;
        int n;
        lock.lock();
        try {
            rest = pending;
            n = pendingCount;
            pending = new ArrayList<>();
            pendingCount = 0;
        } finally {
            lock.unlock();
        }
        if (n > 0) {
            sendAll(rest, n);
        }
    }
}
