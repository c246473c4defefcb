package io.sockscope.pipeline.processor.memorylimiter;

import io.sockscope.pipeline.DataRefusedException;
import io.sockscope.pipeline.component.Component;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Measures heap use every {@code check_interval} and decides whether data is refused, as the
 * Collector's memory limiter does: above the hard limit it forces a GC (rate-limited), and it refuses
 * while use stays above the soft limit. Threading: {@link #refusing()} is a volatile read, called
 * from any thread; checks run on one daemon thread per instance.
 */
final class MemoryLimiter implements Component {
    private static final System.Logger LOG = System.getLogger(MemoryLimiter.class.getName());

    private final String id;
    private final MemoryLimiterConfig config;
    private final MemoryLimiterConfig.Limits limits;
    private final LongSupplier heapUsed;
    private final Runnable gc;
    private volatile boolean refusing;
    private long lastGcNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> task;

    MemoryLimiter(String id, MemoryLimiterConfig config, LongSupplier heapUsed, LongSupplier maxHeap, Runnable gc) {
        this.id = id;
        this.config = config;
        this.limits = config.limits(maxHeap.getAsLong());
        this.heapUsed = heapUsed;
        this.gc = gc;
    }

    boolean refusing() {
        return refusing;
    }

    DataRefusedException refusal() {
        return new DataRefusedException("memory_limiter " + id + ": heap use is above the soft limit of "
                + (limits.softBytes() >> 20) + " MiB, data refused");
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        check();
        scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("memory-limiter-" + id).factory());
        long interval = config.checkInterval().toNanos();
        task = scheduler.scheduleAtFixedRate(this::check, interval, interval, TimeUnit.NANOSECONDS);
    }

    /** One measurement; package-private so tests can drive it. */
    synchronized void check() {
        long used = heapUsed.getAsLong();
        long now = System.nanoTime();
        if (used >= limits.hardBytes() && now - lastGcNanos >= config.minGcIntervalWhenHardLimited().toNanos()) {
            used = collect(now);
        } else if (used >= limits.softBytes() && now - lastGcNanos >= config.minGcIntervalWhenSoftLimited().toNanos()) {
            used = collect(now);
        }
        boolean refuse = used >= limits.softBytes();
        if (refuse != refusing) {
            LOG.log(refuse ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "memory_limiter " + id + ": heap use "
                    + (used >> 20) + " MiB, " + (refuse ? "above" : "back below") + " the soft limit of "
                    + (limits.softBytes() >> 20) + " MiB: " + (refuse ? "refusing data" : "accepting data again"));
        }
        refusing = refuse;
    }

    private long collect(long now) {
        gc.run();
        lastGcNanos = now;
        return heapUsed.getAsLong();
    }

    @Override
    public synchronized void shutdown() {
        if (scheduler != null) {
            task.cancel(false);
            scheduler.shutdownNow();
            scheduler = null;
        }
        refusing = false;
    }

    /** Bytes in use on the heap now, garbage included, like Go's HeapAlloc. */
    static long runtimeHeapUsed() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
