package io.sockscope.pipeline.exporter.queue;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

import java.time.Duration;

/**
 * The {@code retry_on_failure} mapping of an exporter, as in the Collector's exporterhelper:
 * exponential backoff with jitter, retrying only failures the protocol marks as retryable.
 *
 * @param enabled             retry at all; when false a failed send is dropped and counted at once
 * @param initialInterval     wait after the first failure
 * @param maxInterval         cap on one wait
 * @param maxElapsedTime      give up on a batch after this long since its first attempt; 0 retries forever
 * @param multiplier          growth of the wait from one retry to the next
 * @param randomizationFactor jitter: each wait is drawn from {@code interval * (1 ± factor)}
 */
public record RetryConfig(Boolean enabled, Duration initialInterval, Duration maxInterval, Duration maxElapsedTime,
                          Double multiplier, Double randomizationFactor) implements Validated {
    public RetryConfig {
        enabled = enabled == null || enabled;
        initialInterval = initialInterval == null ? Duration.ofSeconds(5) : initialInterval;
        maxInterval = maxInterval == null ? Duration.ofSeconds(30) : maxInterval;
        maxElapsedTime = maxElapsedTime == null ? Duration.ofSeconds(300) : maxElapsedTime;
        multiplier = multiplier == null ? 1.5 : multiplier;
        randomizationFactor = randomizationFactor == null ? 0.5 : randomizationFactor;
    }

    public static RetryConfig defaults() {
        return new RetryConfig(null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        if (!enabled) {
            return;
        }
        if (initialInterval.isNegative() || initialInterval.isZero()) {
            throw new InvalidValueException("initial_interval", "initial_interval must be positive",
                    "use a duration such as 5s");
        }
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new InvalidValueException("max_interval",
                    "max_interval (" + maxInterval + ") is shorter than initial_interval (" + initialInterval + ")",
                    "make max_interval at least initial_interval, e.g. 30s");
        }
        if (maxElapsedTime.isNegative()) {
            throw new InvalidValueException("max_elapsed_time", "max_elapsed_time must not be negative",
                    "use a duration such as 300s, or 0 to retry until shutdown");
        }
        if (!(multiplier >= 1.0) || multiplier.isInfinite()) {
            throw new InvalidValueException("multiplier", "multiplier must be at least 1, got " + multiplier,
                    "use 1.5 (the default)");
        }
        if (!(randomizationFactor >= 0.0 && randomizationFactor <= 1.0)) {
            throw new InvalidValueException("randomization_factor",
                    "randomization_factor must be between 0 and 1, got " + randomizationFactor, "use 0.5 (the default)");
        }
    }
}
