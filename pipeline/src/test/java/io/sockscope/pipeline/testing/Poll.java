package io.sockscope.pipeline.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition a background thread makes true. */
public final class Poll {
    private Poll() {
    }

    public static void until(Duration atMost, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + atMost);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
