package io.sockscope.pipeline.exporter.queue;

import io.sockscope.pipeline.otlp.Await;
import io.sockscope.pipeline.otlp.ItemKind;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue, retry and accounting machinery with a scripted transport; a batch is an Integer item count. */
class QueuedRetrySenderTest {
    private static final String ID = "otlp_grpc/test";
    private static final RetryConfig FAST_RETRY = new RetryConfig(true, Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofSeconds(5), 1.5, 0.0);

    private final SelfTelemetry telemetry = new SelfTelemetry();
    private final List<QueuedRetrySender<Integer, Integer>> senders = new ArrayList<>();

    @AfterEach
    void shutdown() {
        senders.forEach(QueuedRetrySender::shutdown);
    }

    private QueuedRetrySender<Integer, Integer> sender(Transport<Integer> transport, SendingQueueConfig queue, RetryConfig retry, Duration drain) {
        QueuedRetrySender<Integer, Integer> s = QueuedRetrySender.builder(ID, ItemKind.SPANS, transport, Integer::intValue)
                .queue(queue).retry(retry).drainTimeout(drain).telemetry(telemetry).build();
        senders.add(s);
        s.start();
        return s;
    }

    private QueuedRetrySender<Integer, Integer> sender(Transport<Integer> transport) {
        return sender(transport, new SendingQueueConfig(true, 2, 100), FAST_RETRY, Duration.ofSeconds(2));
    }

    private long value(String metric) {
        return telemetry.value(SelfTelemetry.series(metric, "exporter", ID));
    }

    private long sent() {
        return value("otelcol_exporter_sent_spans");
    }

    private long failed() {
        return value("otelcol_exporter_send_failed_spans");
    }

    private long enqueueFailed() {
        return value("otelcol_exporter_enqueue_failed_spans");
    }

    @Test
    void countsSentItems() {
        QueuedRetrySender<Integer, Integer> s = sender(batch -> SendResult.sent());
        s.offer(3);
        s.offer(4);
        s.offer(0); // nothing to send
        Await.until(() -> sent() == 7, () -> "sent=" + sent());
        assertThat(failed()).isZero();
        assertThat(enqueueFailed()).isZero();
    }

    /** Retries send what was encoded the first time: the encoder runs once per batch. */
    @Test
    void encodesEachBatchOnceWhateverTheRetries() {
        AtomicInteger encodings = new AtomicInteger();
        List<String> sentWires = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        QueuedRetrySender<Integer, String> s = QueuedRetrySender.<Integer, String>builder(ID, ItemKind.SPANS,
                        batch -> "wire-" + batch + "-" + encodings.incrementAndGet(),
                        wire -> {
                            sentWires.add(wire);
                            return attempts.incrementAndGet() < 3 ? new SendResult.Retryable("UNAVAILABLE", null) : SendResult.sent();
                        }, Integer::intValue)
                .queue(new SendingQueueConfig(true, 1, 10)).retry(FAST_RETRY).telemetry(telemetry).build();
        s.start();
        try {
            s.offer(4);
            Await.until(() -> sent() == 4, () -> "sent=" + sent());
        } finally {
            s.shutdown();
        }
        assertThat(encodings).hasValue(1);
        assertThat(sentWires).hasSize(3).containsOnly(sentWires.getFirst());
        assertThat(sentWires.getFirst()).isEqualTo("wire-4-1");
    }

    /**
     * While the backend is slow, what waits in the queue is encoded meanwhile (and so held as its
     * compact encoding), each batch once, and sent in order once the backend answers.
     */
    @Test
    void batchesWaitingForASlowBackendAreEncodedWhileTheyWait() throws InterruptedException {
        List<Integer> encoded = new CopyOnWriteArrayList<>();
        List<String> sentWires = new CopyOnWriteArrayList<>();
        CountDownLatch backendAnswers = new CountDownLatch(1);
        QueuedRetrySender<Integer, String> s = QueuedRetrySender.<Integer, String>builder(ID, ItemKind.SPANS,
                        batch -> {
                            encoded.add(batch);
                            return "wire-" + batch;
                        },
                        wire -> {
                            backendAnswers.await();
                            sentWires.add(wire);
                            return SendResult.sent();
                        }, Integer::intValue)
                .queue(new SendingQueueConfig(true, 1, 10)).retry(FAST_RETRY).telemetry(telemetry).build();
        s.start();
        try {
            for (int batch = 1; batch <= 5; batch++) {
                s.offer(batch);
            }
            // the consumer is stuck on batch 1; batches 2-5 wait in the queue and get encoded there
            Await.until(() -> encoded.size() == 5, () -> "encoded " + encoded);
            assertThat(s.queueSize()).isEqualTo(4);
            assertThat(sentWires).isEmpty();
            backendAnswers.countDown();
            Await.until(() -> sent() == 15, () -> "sent=" + sent());
        } finally {
            s.shutdown();
        }
        assertThat(encoded).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(sentWires).containsExactly("wire-1", "wire-2", "wire-3", "wire-4", "wire-5");
    }

    @Test
    void aBatchThatCannotBeEncodedIsCountedAsFailedAndTheNextOnesGoOut() {
        QueuedRetrySender<Integer, Integer> s = QueuedRetrySender.<Integer, Integer>builder(ID, ItemKind.SPANS,
                        batch -> {
                            if (batch == 3) {
                                throw new IllegalStateException("encoding an export request failed");
                            }
                            return batch;
                        }, wire -> SendResult.sent(), Integer::intValue)
                .queue(new SendingQueueConfig(true, 1, 10)).retry(FAST_RETRY).telemetry(telemetry).build();
        s.start();
        try {
            s.offer(3);
            s.offer(5);
            Await.until(() -> sent() == 5 && failed() == 3, () -> "sent=" + sent() + " failed=" + failed());
        } finally {
            s.shutdown();
        }
        assertThat(enqueueFailed()).isZero();
    }

    @Test
    void retriesRetryableFailuresUntilTheySucceed() {
        AtomicInteger attempts = new AtomicInteger();
        QueuedRetrySender<Integer, Integer> s = sender(batch -> attempts.incrementAndGet() < 3
                ? new SendResult.Retryable("UNAVAILABLE", null) : SendResult.sent());
        s.offer(5);
        Await.until(() -> sent() == 5, () -> "sent=" + sent());
        assertThat(attempts).hasValue(3);
        assertThat(failed()).isZero();
    }

    @Test
    void dropsNonRetryableFailuresAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        QueuedRetrySender<Integer, Integer> s = sender(batch -> {
            attempts.incrementAndGet();
            return new SendResult.Permanent("INVALID_ARGUMENT");
        });
        s.offer(5);
        Await.until(() -> failed() == 5, () -> "failed=" + failed());
        assertThat(attempts).hasValue(1);
        assertThat(sent()).isZero();
    }

    @Test
    void anExceptionFromTheTransportIsAPermanentFailure() {
        QueuedRetrySender<Integer, Integer> s = sender(batch -> {
            throw new IllegalStateException("bug");
        });
        s.offer(2);
        Await.until(() -> failed() == 2, () -> "failed=" + failed());
    }

    @Test
    void givesUpAfterMaxElapsedTime() {
        AtomicInteger attempts = new AtomicInteger();
        RetryConfig retry = new RetryConfig(true, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(100), 1.0, 0.0);
        QueuedRetrySender<Integer, Integer> s = sender(batch -> {
            attempts.incrementAndGet();
            return new SendResult.Retryable("UNAVAILABLE", null);
        }, new SendingQueueConfig(true, 1, 10), retry, Duration.ofSeconds(1));
        long start = System.nanoTime();
        s.offer(4);
        Await.until(() -> failed() == 4, () -> "failed=" + failed());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(80L, 1000L);
        assertThat(attempts.get()).isBetween(2, 11);
    }

    @Test
    void retryDisabledFailsAfterOneAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        QueuedRetrySender<Integer, Integer> s = sender(batch -> {
            attempts.incrementAndGet();
            return new SendResult.Retryable("UNAVAILABLE", null);
        }, new SendingQueueConfig(true, 1, 10), new RetryConfig(false, null, null, null, null, null), Duration.ofSeconds(1));
        s.offer(4);
        Await.until(() -> failed() == 4, () -> "failed=" + failed());
        assertThat(attempts).hasValue(1);
    }

    @Test
    void waitsAsLongAsTheServerAsksWhenThatIsLongerThanTheBackoff() {
        List<Long> attemptTimes = new CopyOnWriteArrayList<>();
        QueuedRetrySender<Integer, Integer> s = sender(batch -> {
            attemptTimes.add(System.nanoTime());
            return attemptTimes.size() == 1 ? new SendResult.Retryable("throttled", Duration.ofMillis(250)) : SendResult.sent();
        });
        s.offer(1);
        Await.until(() -> sent() == 1, () -> "sent=" + sent());
        assertThat(TimeUnit.NANOSECONDS.toMillis(attemptTimes.get(1) - attemptTimes.get(0))).isGreaterThanOrEqualTo(250);
    }

    @Test
    void partialSuccessCountsRejectedItemsAsFailed() {
        QueuedRetrySender<Integer, Integer> s = sender(batch -> new SendResult.Sent(2, "2 spans had no trace id"));
        s.offer(5);
        Await.until(() -> sent() == 3, () -> "sent=" + sent());
        assertThat(failed()).isEqualTo(2);
    }

    @Test
    void aFullQueueDropsNewBatchesAndCountsEveryItem() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inFlight = new CountDownLatch(1);
        QueuedRetrySender<Integer, Integer> s = sender(batch -> {
            inFlight.countDown();
            release.await();
            return SendResult.sent();
        }, new SendingQueueConfig(true, 1, 2), FAST_RETRY, Duration.ofSeconds(2));
        s.offer(1);
        assertThat(inFlight.await(2, TimeUnit.SECONDS)).isTrue();
        s.offer(10); // queued
        s.offer(100); // queued
        s.offer(1000); // dropped
        s.offer(10000); // dropped
        assertThat(enqueueFailed()).isEqualTo(11000);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_queue_size", "exporter", ID))).isEqualTo(2);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_queue_capacity", "exporter", ID))).isEqualTo(2);
        release.countDown();
        Await.until(() -> sent() == 111, () -> "sent=" + sent());
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_queue_size", "exporter", ID))).isZero();
    }

    @Test
    void shutdownSendsWhatIsQueuedFirst() {
        QueuedRetrySender<Integer, Integer> s = sender(batch -> {
            Thread.sleep(30);
            return SendResult.sent();
        }, new SendingQueueConfig(true, 1, 100), FAST_RETRY, Duration.ofSeconds(3));
        for (int i = 0; i < 10; i++) {
            s.offer(1);
        }
        s.shutdown();
        assertThat(sent()).isEqualTo(10);
        assertThat(failed()).isZero();
    }

    @Test
    void shutdownStopsAtItsDeadlineAndCountsTheRestAsFailed() {
        QueuedRetrySender<Integer, Integer> s = sender(batch -> new SendResult.Retryable("UNAVAILABLE", null),
                new SendingQueueConfig(true, 2, 100), FAST_RETRY, Duration.ofMillis(200));
        for (int i = 0; i < 10; i++) {
            s.offer(1);
        }
        long start = System.nanoTime();
        s.shutdown();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
        assertThat(failed()).isEqualTo(10);
        assertThat(sent()).isZero();
    }

    @Test
    void shutdownDoesNotWaitOutALongBackoff() {
        RetryConfig slow = new RetryConfig(true, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ZERO, 1.5, 0.0);
        QueuedRetrySender<Integer, Integer> s = sender(batch -> new SendResult.Retryable("UNAVAILABLE", null),
                new SendingQueueConfig(true, 1, 100), slow, Duration.ofSeconds(5));
        s.offer(3);
        Await.until(() -> s.queueSize() == 0, () -> "not taken");
        long start = System.nanoTime();
        s.shutdown();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        assertThat(failed()).isEqualTo(3);
    }

    @Test
    void dataOfferedAfterShutdownIsCountedAsDropped() {
        QueuedRetrySender<Integer, Integer> s = sender(batch -> SendResult.sent());
        s.shutdown();
        s.offer(7);
        assertThat(enqueueFailed()).isEqualTo(7);
    }

    @Test
    void withoutAQueueTheCallerSendsAndRetries() {
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        QueuedRetrySender<Integer, Integer> s = sender(batch -> {
            threads.add(Thread.currentThread().getName());
            return attempts.incrementAndGet() == 1 ? new SendResult.Retryable("UNAVAILABLE", null) : SendResult.sent();
        }, new SendingQueueConfig(false, null, null), FAST_RETRY, Duration.ofSeconds(1));
        s.offer(2);
        assertThat(sent()).isEqualTo(2); // synchronously
        assertThat(threads).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void everyItemEndsInExactlyOneCounterUnderConcurrency() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        QueuedRetrySender<Integer, Integer> s = sender(batch -> switch (calls.incrementAndGet() % 4) {
            case 0 -> new SendResult.Permanent("bad");
            case 1 -> new SendResult.Retryable("busy", null);
            default -> SendResult.sent();
        }, new SendingQueueConfig(true, 4, 20), FAST_RETRY, Duration.ofSeconds(2));
        Thread[] producers = new Thread[4];
        for (int p = 0; p < producers.length; p++) {
            producers[p] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    s.offer(1);
                }
            });
        }
        for (Thread t : producers) {
            t.join();
        }
        s.shutdown();
        assertThat(sent() + failed() + enqueueFailed()).isEqualTo(2000);
    }
}
