package io.sockscope.pipeline.processor.batch;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

import java.time.Duration;

/**
 * The Collector's {@code batch} processor settings.
 *
 * @param sendBatchSize    items (spans, data points) that trigger a send; 0 sends on timeout only
 * @param sendBatchMaxSize the largest batch sent; bigger ones are split; 0 means no limit
 * @param timeout          how long an item waits at most before its batch is sent; 0 sends at once
 */
public record BatchConfig(int sendBatchSize, int sendBatchMaxSize, Duration timeout) implements Validated {
    public static BatchConfig defaults() {
        return new BatchConfig(8192, 0, Duration.ofMillis(200));
    }

    @Override
    public void validate() {
        if (sendBatchSize < 0) {
            throw new InvalidValueException("send_batch_size", "send_batch_size must not be negative", "use 8192, the default");
        }
        if (sendBatchMaxSize < 0) {
            throw new InvalidValueException("send_batch_max_size", "send_batch_max_size must not be negative", "use 0 for no limit");
        }
        if (sendBatchMaxSize > 0 && sendBatchMaxSize < sendBatchSize) {
            throw new InvalidValueException("send_batch_max_size", "send_batch_max_size (" + sendBatchMaxSize
                    + ") must be greater than or equal to send_batch_size (" + sendBatchSize + ")",
                    "raise send_batch_max_size to at least " + sendBatchSize + ", or set it to 0 for no limit");
        }
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidValueException("timeout", "timeout must not be negative", "use 200ms, the default");
        }
    }
}
