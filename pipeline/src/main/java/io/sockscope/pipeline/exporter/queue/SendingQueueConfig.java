package io.sockscope.pipeline.exporter.queue;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

/**
 * The {@code sending_queue} mapping of an exporter, as in the Collector's exporterhelper.
 *
 * @param enabled      queue in memory and send from {@code num_consumers} threads; when false the
 *                     pipeline's thread sends (and retries) itself
 * @param numConsumers threads sending from the queue in parallel
 * @param queueSize    batches (export requests) the queue holds; past it new data is dropped and counted
 */
public record SendingQueueConfig(Boolean enabled, Integer numConsumers, Integer queueSize) implements Validated {
    public static final int DEFAULT_NUM_CONSUMERS = 10;
    public static final int DEFAULT_QUEUE_SIZE = 1000;

    public SendingQueueConfig {
        enabled = enabled == null || enabled;
        numConsumers = numConsumers == null ? DEFAULT_NUM_CONSUMERS : numConsumers;
        queueSize = queueSize == null ? DEFAULT_QUEUE_SIZE : queueSize;
    }

    public static SendingQueueConfig defaults() {
        return new SendingQueueConfig(true, DEFAULT_NUM_CONSUMERS, DEFAULT_QUEUE_SIZE);
    }

    @Override
    public void validate() {
        if (!enabled) {
            return;
        }
        if (numConsumers < 1) {
            throw new InvalidValueException("num_consumers", "num_consumers must be at least 1, got " + numConsumers,
                    "use 10 (the default), or set enabled: false to send from the pipeline's thread");
        }
        if (queueSize < 1) {
            throw new InvalidValueException("queue_size", "queue_size must be at least 1, got " + queueSize,
                    "use 1000 (the default): the number of batches held while the backend is slow or down");
        }
    }
}
