package io.sockscope.bpf;

import io.sockscope.bpf.internal.Syscalls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets the traced programs have the CPU first, for as long as the reader keeps up.
 *
 * <p>While the ring buffer is nearly empty, every thread of this process (reader, exporters, JIT,
 * GC) runs at {@code SCHED_IDLE}. The point is where the kernel puts a program's thread when it
 * wakes: a CPU that runs only {@code SCHED_IDLE} tasks counts as idle, so the woken thread takes
 * that CPU at once instead of queueing behind the other CPUs' work. Measured with
 * {@code bench/backend.sh} on 2 vCPUs (a 1 ms backend behind nginx, every process traced): 0.91 of
 * untraced requests/s at the normal policy, 0.90 under {@code SCHED_BATCH}, 0.91 at nice 19, and
 * no loss at {@code SCHED_IDLE}. With the probes attached but filtering every call out it was 1.0:
 * the loss was Sockscope's threads taking CPUs the programs were about to be woken on, not the
 * probes' cost.
 *
 * <p>{@code SCHED_IDLE} alone starves Sockscope when the programs keep every CPU busy (nginx and
 * wrk on both CPUs: 2.7 million events lost in one round). So a watcher thread, which stays at the
 * normal policy, looks at the ring every {@link Thresholds#check()} (4 times less often while it
 * yields and the ring is empty): a backlog over
 * {@link Thresholds#busyFraction()} of the ring, or any loss (a lost event; the caller may count
 * dropped spans too, since exporters run at the same policy), puts every thread back to
 * {@code SCHED_OTHER} at once, where the reader competes for its fair share; after
 * {@link Thresholds#calm()} with the backlog under {@link Thresholds#calmFraction()}, they go back
 * to {@code SCHED_IDLE}. Threads inherit their creator's policy; the current policy is applied
 * again every second for threads that raced a switch.
 *
 * <p>Needs {@code CAP_SYS_NICE} (root has it) to leave {@code SCHED_IDLE}; without it the watcher
 * never leaves the normal policy, and says so once.
 */
public final class BackgroundPriority implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackgroundPriority.class.getName());
    static final int SCHED_OTHER = 0;
    static final int SCHED_IDLE = 5;
    private static final int ESRCH = 3;
    private static final long REAPPLY_NANOS = 1_000_000_000L;
    /*
     * An empty ring while yielding is looked at 4 times less often (every 200 ms by default): the
     * watcher's looks were half of Sockscope's CPU on an idle host (bench/idle.sh: 0.34% of a core,
     * 0.18% now). The first look that finds a backlog or a loss goes back to every check. Still no
     * event lost in bench/saturation.sh or CpuPriorityTest's saturated 1 MiB ring.
     */
    private static final int QUIET_CHECKS = 4;
    private static final long NOT_CALM = Long.MIN_VALUE;
    private static final Path TASKS = Path.of("/proc/self/task");

    /**
     * @param check         how often the watcher looks at the ring
     * @param calm          how long the backlog must stay under {@code calmFraction} before yielding again
     * @param busyFraction  a backlog over this share of the ring restores the normal policy at once
     * @param calmFraction  a backlog under this share of the ring counts as calm
     */
    public record Thresholds(Duration check, Duration calm, double busyFraction, double calmFraction) {
        public Thresholds {
            if (check.isNegative() || check.isZero() || calm.isNegative() || !(calmFraction < busyFraction)
                    || calmFraction < 0 || busyFraction > 1) {
                throw new IllegalArgumentException("bad thresholds: " + check + ", " + calm + ", " + busyFraction + ", " + calmFraction);
            }
        }

        public static Thresholds defaults() {
            return new Thresholds(Duration.ofMillis(50), Duration.ofSeconds(5), 0.25, 1.0 / 64);
        }
    }

    private final LongSupplier backlogBytes;
    private final LongSupplier losses;
    private final long busyBytes;
    private final long calmBytes;
    private final Thresholds thresholds;
    private final AtomicLong raised = new AtomicLong();
    private volatile boolean background;
    private volatile boolean running = true;
    private volatile boolean available = true;
    private final Thread watcher;
    private int watcherTid;

    private BackgroundPriority(LongSupplier backlogBytes, long capacityBytes, LongSupplier losses,
                               Thresholds thresholds) {
        this.backlogBytes = backlogBytes;
        this.losses = losses;
        this.busyBytes = (long) (capacityBytes * thresholds.busyFraction());
        this.calmBytes = (long) (capacityBytes * thresholds.calmFraction());
        this.thresholds = thresholds;
        this.watcher = Thread.ofPlatform().daemon().name("sockscope-cpu-priority").unstarted(this::watch);
    }

    /**
     * Starts watching the reader's ring and {@code losses}: the probes' lost events, and whatever else
     * the caller counts as data dropped for want of CPU (spans refused, a full sending queue).
     */
    public static BackgroundPriority start(RingBufferReader reader, LongSupplier losses) {
        return start(reader::backlogBytes, reader.capacityBytes(), losses, Thresholds.defaults());
    }

    /** Starts watching: {@code backlogBytes} of {@code capacityBytes} waiting, {@code losses} so far. */
    public static BackgroundPriority start(LongSupplier backlogBytes, long capacityBytes, LongSupplier losses,
                                           Thresholds thresholds) {
        BackgroundPriority p = new BackgroundPriority(backlogBytes, capacityBytes, losses, thresholds);
        p.watcher.start();
        return p;
    }

    /** True while this process's threads run at {@code SCHED_IDLE}. */
    public boolean background() {
        return background;
    }

    /** How many times a backlog or a loss put the threads back to the normal policy. */
    public long raised() {
        return raised.get();
    }

    /** False when this process may not leave {@code SCHED_IDLE} again, so it never enters it. */
    public boolean available() {
        return available;
    }

    private void watch() {
        watcherTid = Syscalls.gettid();
        if (!canSwitch()) {
            available = false;
            return;
        }
        long lastLosses = losses.getAsLong();
        long calmSince = System.nanoTime() - thresholds.calm().toNanos(); // a quiet start yields at once
        long applied = System.nanoTime();
        Duration quietCheck = thresholds.check().multipliedBy(QUIET_CHECKS);
        boolean quiet = false;
        while (running) {
            try {
                Thread.sleep(quiet ? quietCheck : thresholds.check());
            } catch (InterruptedException e) {
                break;
            }
            if (!running) {
                break;
            }
            long now = System.nanoTime();
            long backlog = backlogBytes.getAsLong();
            long lost = losses.getAsLong();
            boolean losing = lost > lastLosses;
            lastLosses = lost;
            quiet = background && backlog == 0 && !losing;
            int wanted = background ? SCHED_IDLE : SCHED_OTHER;
            if (losing || backlog > busyBytes) {
                calmSince = NOT_CALM;
                wanted = SCHED_OTHER;
            } else if (backlog <= calmBytes) {
                if (calmSince == NOT_CALM) {
                    calmSince = now;
                }
                if (now - calmSince >= thresholds.calm().toNanos()) {
                    wanted = SCHED_IDLE;
                }
            } else {
                calmSince = NOT_CALM; // between the marks: keep the policy, restart the calm clock
            }
            boolean change = (wanted == SCHED_IDLE) != background;
            if (change && wanted == SCHED_OTHER) {
                raised.incrementAndGet();
            }
            if (change || now - applied >= REAPPLY_NANOS) {
                apply(wanted);
                applied = now;
            }
        }
        if (background) {
            apply(SCHED_OTHER);
        }
    }

    /** Whether this thread may go to SCHED_IDLE and back; it ends at the normal policy either way. */
    private boolean canSwitch() {
        try {
            Syscalls.setScheduler(0, SCHED_IDLE);
            Syscalls.setScheduler(0, SCHED_OTHER);
            return true;
        } catch (Syscalls.ErrnoException e) {
            try {
                Syscalls.setScheduler(0, SCHED_OTHER);
            } catch (Syscalls.ErrnoException stuck) {
                // at SCHED_IDLE and unable to leave: this watcher thread ends here anyway
            }
            LOG.log(System.Logger.Level.WARNING, "cpu_priority background is not available (sched_setscheduler errno "
                    + e.errno + "; it needs CAP_SYS_NICE): Sockscope's threads keep the normal scheduling policy");
            return false;
        }
    }

    /** Sets {@code policy} on every thread of this process but the watcher. */
    private void apply(int policy) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(TASKS)) {
            for (Path task : dir) {
                int tid = Integer.parseInt(task.getFileName().toString());
                if (tid == watcherTid) {
                    continue;
                }
                try {
                    Syscalls.setScheduler(tid, policy);
                } catch (Syscalls.ErrnoException e) {
                    if (e.errno != ESRCH) { // a thread that ended since the listing is fine
                        LOG.log(System.Logger.Level.WARNING, "sched_setscheduler(" + tid + ", " + policy + "): errno " + e.errno);
                    }
                }
            }
            background = policy == SCHED_IDLE;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list " + TASKS + ": " + e);
        }
    }

    /** Stops watching and puts every thread back to the normal policy. */
    @Override
    public void close() {
        running = false;
        watcher.interrupt();
        try {
            watcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
