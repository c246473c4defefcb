package io.sockscope.cli;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects the old generation once it holds twice what was live after its last collection, as Go's
 * collector does with {@code GOGC=100}, so that Sockscope's memory follows its live data.
 *
 * <p>Why: the serial collector runs a full collection only when the old generation cannot grow any
 * more, i.e. at the maximum heap, a quarter of the host's RAM by default. Until then it keeps
 * growing it with what young collections promote. Under sustained load much of that is garbage:
 * after 30 s of nginx + wrk (140 k exchanges/s) the old generation held 80 MiB of which 21 MiB
 * were live, and it would have gone on growing by about 2 MiB a second, for gigabytes on a large
 * host. A full collection of ~20 MiB of live data takes tens of milliseconds, which the ring buffer
 * absorbs.
 *
 * <p>The JVM's own low-memory detector watches the threshold after each collection; nothing here
 * runs in between.
 */
final class OldGenerationLimit implements NotificationListener {
    /**
     * Below this the old generation is left alone. With 32 MiB the first full collection came 3 s
     * after start under load and freed 2 of 46 MiB: start-up leaves that much live.
     */
    static final long FLOOR_BYTES = 64L << 20;

    private final MemoryPoolMXBean old;
    private final LongAdder collections;

    private OldGenerationLimit(MemoryPoolMXBean old, LongAdder collections) {
        this.old = old;
        this.collections = collections;
    }

    /**
     * Starts watching the old generation; null when the collector has no pool with a usage
     * threshold (not the serial collector's case), and then nothing is done.
     *
     * @param collections counts the collections this started
     */
    static OldGenerationLimit start(LongAdder collections) {
        MemoryPoolMXBean old = null;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            // Eden and survivor spaces support no usage threshold; the old generation does.
            if (pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported() && pool.isCollectionUsageThresholdSupported()) {
                old = pool;
            }
        }
        if (old == null) {
            return null;
        }
        OldGenerationLimit limit = new OldGenerationLimit(old, collections);
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(limit, null, null);
        limit.rearm();
        return limit;
    }

    /** The old generation's threshold now, in bytes. */
    long thresholdBytes() {
        return old.getUsageThreshold();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(notification.getType())) {
            return;
        }
        MemoryNotificationInfo info = MemoryNotificationInfo.from((CompositeData) notification.getUserData());
        if (!old.getName().equals(info.getPoolName())) {
            return;
        }
        // On the JVM's notification thread. The collection brings usage back under the threshold,
        // so that the next crossing is reported again.
        System.gc();
        collections.increment();
        rearm();
    }

    private void rearm() {
        MemoryUsage afterLast = old.getCollectionUsage();
        long live = afterLast == null ? 0 : afterLast.getUsed();
        long threshold = Math.max(FLOOR_BYTES, 2 * live);
        long max = old.getUsage().getMax();
        old.setUsageThreshold(max > 0 ? Math.min(threshold, max) : threshold);
    }

    /** Stops watching. */
    void close() {
        try {
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).removeNotificationListener(this);
        } catch (ListenerNotFoundException e) {
            // already removed
        }
    }
}
