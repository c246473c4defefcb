package io.sockscope.pipeline.exporter.queue;

import java.time.Duration;

/** How one attempt to send a batch ended, in the terms the retry policy needs. */
public sealed interface SendResult {
    /** The backend took the batch; it may still reject some items (OTLP partial success). */
    record Sent(long rejectedItems, String message) implements SendResult {
    }

    /** Worth another attempt; {@code retryAfter} is the server's wish (RetryInfo, Retry-After) or null. */
    record Retryable(String reason, Duration retryAfter) implements SendResult {
    }

    /** Sending the same batch again would fail the same way: drop it. */
    record Permanent(String reason) implements SendResult {
    }

    static SendResult sent() {
        return new Sent(0, "");
    }
}
