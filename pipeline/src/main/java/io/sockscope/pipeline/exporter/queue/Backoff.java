package io.sockscope.pipeline.exporter.queue;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, the same arithmetic as the Collector's (cenkalti/backoff): the
 * n-th wait is drawn uniformly from {@code i * (1 ± randomization_factor)} where
 * {@code i = min(initial_interval * multiplier^n, max_interval)}. One instance per batch; not thread-safe.
 */
final class Backoff {
    private final double multiplier;
    private final double randomization;
    private final long maxNanos;
    private long currentNanos;

    Backoff(RetryConfig config) {
        this.multiplier = config.multiplier();
        this.randomization = config.randomizationFactor();
        this.maxNanos = config.maxInterval().toNanos();
        this.currentNanos = config.initialInterval().toNanos();
    }

    /** The next wait, in nanoseconds. */
    long nextNanos() {
        double delta = randomization * currentNanos;
        double min = currentNanos - delta;
        double max = currentNanos + delta;
        long wait = (long) (min + ThreadLocalRandom.current().nextDouble() * (max - min + 1));
        currentNanos = currentNanos >= maxNanos / multiplier ? maxNanos : (long) (currentNanos * multiplier);
        return wait;
    }
}
