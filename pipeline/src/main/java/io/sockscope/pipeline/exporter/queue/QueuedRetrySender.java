package io.sockscope.pipeline.exporter.queue;

import io.sockscope.pipeline.otlp.ItemKind;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The Collector's exporterhelper in one class, shared by every OTLP exporter: a bounded in-memory
 * queue of batches ({@code sending_queue}), consumer threads that send them through a
 * {@link Transport}, and retries with exponential backoff ({@code retry_on_failure}).
 *
 * <p>Every item offered ends in exactly one counter of the exporter's telemetry:
 * {@code otelcol_exporter_sent_<items>}, {@code otelcol_exporter_send_failed_<items>} (non-retryable,
 * retries exhausted, rejected by a partial success, or unsent at shutdown), or
 * {@code otelcol_exporter_enqueue_failed_<items>} (queue full, or offered after shutdown).
 *
 * <p>Threading: {@link #offer} is called from pipeline threads, concurrently, and never blocks when
 * the queue is enabled (it adds one batch to an {@link ArrayBlockingQueue} or drops it). With the
 * queue disabled the caller sends and retries itself, as the Collector does. {@link #start} and
 * {@link #shutdown} are called once, from the pipeline's lifecycle thread.
 *
 * <p>A batch is queued as it came ({@code Q}) and turned into what is sent ({@code W}, an encoded
 * request) once, before its first attempt: by an encoder thread while it waits in the queue, or by the
 * consumer that takes it, whichever comes first. Retries send the same bytes, and only those are held:
 * an 8192-span batch is some 100,000 objects (3.9 MB once encoded), its gzipped request 0.6 MB. So a backend
 * that is slower than the input fills the queue with a tenth of the memory, and young collections do
 * not copy the batch for as long as the backend takes to answer.
 *
 * @param <Q> one batch as queued
 * @param <W> the same batch as sent
 */
public final class QueuedRetrySender<Q, W> {
    private static final System.Logger LOG = System.getLogger(QueuedRetrySender.class.getName());
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long STOP_GRACE_MILLIS = 1000;

    private final String exporterId;
    private final ItemKind kind;
    private final Function<Q, W> encoder;
    private final Transport<W> transport;
    private final ToIntFunction<Q> itemCount;
    private final RetryConfig retry;
    private final Duration drainTimeout;
    private final SelfTelemetry telemetry;
    private final int numConsumers;
    private final int capacity;
    private final ArrayBlockingQueue<Entry<Q, W>> queue; // null: send from the caller's thread
    /** Released for each batch queued: the encoder thread has work. */
    private final Semaphore toEncode = new Semaphore(0);

    private final LongAdder sent;
    private final LongAdder sendFailed;
    private final LongAdder enqueueFailed;
    /** Batches taken by {@link #offer} and not yet sent or failed: what shutdown waits for. */
    private final AtomicLong pending = new AtomicLong();

    private final List<Thread> threads = new ArrayList<>(); // the consumers and the encoder
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean shutdownOnce = new AtomicBoolean();
    /** Wakes backoff waits at shutdown so they can check whether they fit before the deadline. */
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile long drainDeadline;
    private volatile boolean stopping;
    private volatile boolean closed;

    private final ThrottledLog dropLog = new ThrottledLog(LOG, 10, TimeUnit.SECONDS);
    private final ThrottledLog failLog = new ThrottledLog(LOG, 10, TimeUnit.SECONDS);
    private final ThrottledLog retryLog = new ThrottledLog(LOG, 10, TimeUnit.SECONDS);
    private final ThrottledLog partialLog = new ThrottledLog(LOG, 30, TimeUnit.SECONDS);

    /**
     * A batch with its item count, compared by identity, encoded at most once: after that it holds
     * only its encoding (or the reason it could not be encoded).
     */
    private static final class Entry<Q, W> {
        final int items;
        private Q batch;
        private W wire;
        private RuntimeException failure;

        Entry(Q batch, int items) {
            this.batch = batch;
            this.items = items;
        }

        /** The encoded batch; encodes it on the first call. Throws what the encoder threw, every time. */
        synchronized W wire(Function<Q, W> encoder) {
            if (wire == null && failure == null) {
                Q b = batch;
                batch = null;
                try {
                    wire = encoder.apply(b);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return wire;
        }
    }

    private QueuedRetrySender(Builder<Q, W> b) {
        this.exporterId = b.exporterId;
        this.kind = b.kind;
        this.encoder = b.encoder;
        this.transport = b.transport;
        this.itemCount = b.itemCount;
        this.retry = b.retry;
        this.drainTimeout = b.drainTimeout;
        this.telemetry = b.telemetry;
        this.numConsumers = b.queue.enabled() ? b.queue.numConsumers() : 0;
        this.capacity = b.queue.enabled() ? b.queue.queueSize() : 0;
        this.queue = b.queue.enabled() ? new ArrayBlockingQueue<>(capacity) : null;
        this.sent = telemetry.counter(kind.metric("otelcol_exporter_sent"), "exporter", exporterId);
        this.sendFailed = telemetry.counter(kind.metric("otelcol_exporter_send_failed"), "exporter", exporterId);
        this.enqueueFailed = telemetry.counter(kind.metric("otelcol_exporter_enqueue_failed"), "exporter", exporterId);
    }

    /**
     * @param exporterId the component id, the {@code exporter} label of every series
     * @param encoder    turns a batch into what the transport sends, once per batch, on a consumer
     *                   thread (the caller's with the queue disabled); what it throws fails the batch
     * @param transport  sends one encoded batch once
     * @param itemCount  spans or data points in a batch
     */
    public static <Q, W> Builder<Q, W> builder(String exporterId, ItemKind kind, Function<Q, W> encoder, Transport<W> transport,
                                               ToIntFunction<Q> itemCount) {
        return new Builder<>(exporterId, kind, encoder, transport, itemCount);
    }

    /** A sender whose transport sends batches as they are queued. */
    public static <T> Builder<T, T> builder(String exporterId, ItemKind kind, Transport<T> transport, ToIntFunction<T> itemCount) {
        return new Builder<>(exporterId, kind, Function.identity(), transport, itemCount);
    }

    public static final class Builder<Q, W> {
        private final String exporterId;
        private final ItemKind kind;
        private final Function<Q, W> encoder;
        private final Transport<W> transport;
        private final ToIntFunction<Q> itemCount;
        private SendingQueueConfig queue = SendingQueueConfig.defaults();
        private RetryConfig retry = RetryConfig.defaults();
        private Duration drainTimeout = Duration.ofSeconds(5);
        private SelfTelemetry telemetry = SelfTelemetry.global();

        private Builder(String exporterId, ItemKind kind, Function<Q, W> encoder, Transport<W> transport, ToIntFunction<Q> itemCount) {
            this.exporterId = Objects.requireNonNull(exporterId);
            this.kind = Objects.requireNonNull(kind);
            this.encoder = Objects.requireNonNull(encoder);
            this.transport = Objects.requireNonNull(transport);
            this.itemCount = Objects.requireNonNull(itemCount);
        }

        public Builder<Q, W> queue(SendingQueueConfig queue) {
            this.queue = Objects.requireNonNull(queue);
            return this;
        }

        public Builder<Q, W> retry(RetryConfig retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        /** How long {@link #shutdown} keeps sending what is queued before counting the rest as failed. */
        public Builder<Q, W> drainTimeout(Duration drainTimeout) {
            this.drainTimeout = Objects.requireNonNull(drainTimeout);
            return this;
        }

        public Builder<Q, W> telemetry(SelfTelemetry telemetry) {
            this.telemetry = Objects.requireNonNull(telemetry);
            return this;
        }

        public QueuedRetrySender<Q, W> build() {
            return new QueuedRetrySender<>(this);
        }
    }

    /** Starts the consumer threads and the encoder. Batches offered before are kept and sent once started. */
    public void start() {
        if (!started.compareAndSet(false, true) || queue == null) {
            return;
        }
        QueueGauges.register(telemetry, exporterId, this);
        for (int i = 0; i < numConsumers; i++) {
            threads.add(Thread.ofVirtual().name(exporterId + "-" + kind.name().toLowerCase() + "-sender-" + i).start(this::consume));
        }
        threads.add(Thread.ofVirtual().name(exporterId + "-" + kind.name().toLowerCase() + "-encoder").start(this::encodeQueued));
    }

    /** Takes a batch: queues it, or drops and counts it when the queue is full or shut down. */
    public void offer(Q batch) {
        int items = itemCount.applyAsInt(batch);
        if (items == 0) {
            return;
        }
        if (stopping) {
            drop(items, "the exporter is shutting down");
            return;
        }
        Entry<Q, W> entry = new Entry<>(batch, items);
        if (queue == null) {
            W wire = encode(entry);
            if (wire != null) {
                sendWithRetry(wire, items);
            }
            return;
        }
        pending.incrementAndGet();
        if (!queue.offer(entry)) {
            pending.decrementAndGet();
            drop(items, "the sending queue is full (" + capacity + " batches); the backend is down or slower than the input");
        } else if (closed && queue.remove(entry)) {
            // offered while shutdown drained the queue for the last time: nobody else will count it
            pending.decrementAndGet();
            drop(items, "the exporter is shutting down");
        } else {
            toEncode.release();
        }
    }

    /**
     * Stops taking data, keeps sending what is queued (retries included) until the queue is empty or
     * the drain timeout passes, then counts what is left as failed. Safe to call twice.
     */
    public void shutdown() {
        if (!shutdownOnce.compareAndSet(false, true)) {
            return;
        }
        drainDeadline = System.nanoTime() + drainTimeout.toNanos();
        stopping = true;
        stopSignal.countDown();
        if (queue == null) {
            return;
        }
        long failedBefore = sendFailed.sum();
        if (!started.get()) {
            start();
        }
        try {
            while (pending.get() > 0 && System.nanoTime() - drainDeadline < 0) {
                TimeUnit.NANOSECONDS.sleep(IDLE_CHECK_NANOS);
            }
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                t.join(STOP_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.forEach(Thread::interrupt);
        }
        closed = true;
        for (Entry<Q, W> e; (e = queue.poll()) != null; ) {
            pending.decrementAndGet();
            sendFailed.add(e.items);
        }
        QueueGauges.unregister(telemetry, exporterId, this);
        long lost = sendFailed.sum() - failedBefore;
        if (lost > 0) {
            LOG.log(Level.WARNING, () -> exporterId + ": shut down with " + lost + " " + items()
                    + " failed or unsent within " + drainTimeout.toMillis() + " ms (counted in "
                    + kind.metric("otelcol_exporter_send_failed") + ")");
        }
    }

    /** Batches waiting in the queue. */
    public int queueSize() {
        return queue == null ? 0 : queue.size();
    }

    public int queueCapacity() {
        return capacity;
    }

    private void consume() {
        try {
            while (true) {
                Entry<Q, W> e = queue.take();
                try {
                    W wire = encode(e);
                    if (wire != null) {
                        sendWithRetry(wire, e.items);
                    }
                } finally {
                    pending.decrementAndGet();
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // shutdown: the queue is drained or its deadline passed
        }
    }

    /** The batch as sent; null when it could not be encoded, and then it is counted as failed. */
    private W encode(Entry<Q, W> e) {
        try {
            return e.wire(encoder);
        } catch (RuntimeException x) {
            fail(e.items, "could not be encoded: " + x);
            return null;
        }
    }

    /** Encodes the batches that wait in the queue, oldest first, so that they wait as their compact encoding. */
    private void encodeQueued() {
        try {
            while (true) { // first for what was offered before start
                for (Entry<Q, W> e : queue) { // weakly consistent: entries taken meanwhile are skipped or already encoded
                    try {
                        e.wire(encoder);
                    } catch (RuntimeException x) {
                        // counted once, by the consumer that takes the entry
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
                toEncode.acquire();
                toEncode.drainPermits();
            }
        } catch (InterruptedException e) {
            // shutdown
        }
    }

    private void sendWithRetry(W batch, int items) {
        long firstAttempt = System.nanoTime();
        Backoff backoff = null;
        while (true) {
            SendResult result;
            try {
                result = transport.send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(items, "the shutdown deadline passed during a send");
                return;
            } catch (RuntimeException e) {
                result = new SendResult.Permanent(e.toString());
            }
            switch (result) {
                case SendResult.Sent s -> {
                    long rejected = Math.clamp(s.rejectedItems(), 0, items);
                    sent.add(items - rejected);
                    if (rejected > 0 || !s.message().isEmpty()) {
                        sendFailed.add(rejected);
                        partialLog.log(Level.WARNING, () -> rejected == 0
                                ? exporterId + ": the backend took all " + items + " " + items() + " with a warning: " + s.message()
                                : exporterId + ": the backend rejected " + rejected + " of " + items + " " + items()
                                + " (partial success): " + s.message());
                    }
                    return;
                }
                case SendResult.Permanent p -> {
                    fail(items, "not retryable: " + p.reason());
                    return;
                }
                case SendResult.Retryable r -> {
                    if (!retry.enabled()) {
                        fail(items, r.reason() + " (retry_on_failure is disabled)");
                        return;
                    }
                    if (backoff == null) {
                        backoff = new Backoff(retry);
                    }
                    long wait = backoff.nextNanos();
                    if (r.retryAfter() != null) {
                        wait = Math.max(wait, r.retryAfter().toNanos());
                    }
                    long maxElapsed = retry.maxElapsedTime().toNanos();
                    long elapsed = System.nanoTime() - firstAttempt;
                    if (maxElapsed > 0 && elapsed + wait > maxElapsed) {
                        fail(items, "gave up after " + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms of retries "
                                + "(retry_on_failure.max_elapsed_time): " + r.reason());
                        return;
                    }
                    long waitMillis = TimeUnit.NANOSECONDS.toMillis(wait);
                    retryLog.log(Level.INFO, () -> exporterId + ": sending failed, retrying in " + waitMillis + " ms: " + r.reason());
                    try {
                        if (!pause(wait)) {
                            fail(items, "shutdown came before the next retry: " + r.reason());
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        fail(items, "shutdown came before the next retry: " + r.reason());
                        return;
                    }
                }
            }
        }
    }

    /** Waits before a retry; false when shutdown's deadline comes first, so the retry would not happen. */
    private boolean pause(long nanos) throws InterruptedException {
        long wakeAt = System.nanoTime() + nanos;
        if (!stopping && !stopSignal.await(nanos, TimeUnit.NANOSECONDS)) {
            return true;
        }
        if (wakeAt - drainDeadline > 0) {
            return false;
        }
        long rest = wakeAt - System.nanoTime();
        if (rest > 0) {
            TimeUnit.NANOSECONDS.sleep(rest);
        }
        return true;
    }

    private void fail(int items, String reason) {
        sendFailed.add(items);
        failLog.log(Level.ERROR, () -> exporterId + ": dropped " + items + " " + items() + ": " + reason);
    }

    private void drop(int items, String reason) {
        enqueueFailed.add(items);
        dropLog.log(Level.WARNING, () -> exporterId + ": dropped " + items + " " + items() + ": " + reason
                + " (counted in " + kind.metric("otelcol_exporter_enqueue_failed") + ")");
    }

    private String items() {
        return kind == ItemKind.SPANS ? "spans" : "metric points";
    }
}
