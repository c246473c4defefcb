package io.sockscope.pipeline.exporter.queue;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A log line that may repeat for every batch (drops, failures, partial success) written at most once
 * per interval, with the number of lines left out since. Thread-safe, lock-free.
 */
public final class ThrottledLog {
    private final System.Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAt;
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(System.Logger logger, long interval, TimeUnit unit) {
        this.logger = logger;
        this.intervalNanos = unit.toNanos(interval);
        this.nextAt = new AtomicLong(System.nanoTime());
    }

    public void log(Level level, Supplier<String> message) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if (now - next >= 0 && nextAt.compareAndSet(next, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            logger.log(level, skipped == 0 ? message.get() : message.get() + " (" + skipped + " similar lines left out)");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
