package io.sockscope.pipeline.exporter.queue;

/**
 * One attempt to send one batch, bounded by the exporter's {@code timeout}. Called from the queue's
 * consumer threads, several at once. Failures are results, not exceptions; an interrupt (shutdown
 * past its deadline) ends the attempt with {@link InterruptedException}.
 */
@FunctionalInterface
public interface Transport<T> {
    SendResult send(T batch) throws InterruptedException;
}
