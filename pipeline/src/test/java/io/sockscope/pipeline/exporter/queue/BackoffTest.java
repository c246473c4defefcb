package io.sockscope.pipeline.exporter.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void growsByTheMultiplierUpToTheMaximum() {
        Backoff b = new Backoff(new RetryConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(300), 1.5, 0.0));
        long[] seconds = new long[7];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = Math.round(b.nextNanos() / 1e9);
        }
        assertThat(seconds).containsExactly(5, 8, 11, 17, 25, 30, 30);
    }

    @Test
    void jitterStaysWithinTheRandomizationFactor() {
        for (int i = 0; i < 1000; i++) {
            Backoff b = new Backoff(new RetryConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(300), 1.5, 0.5));
            long first = b.nextNanos();
            assertThat(first).isBetween(Duration.ofMillis(2500).toNanos(), Duration.ofMillis(7500).toNanos() + 1);
        }
    }
}
