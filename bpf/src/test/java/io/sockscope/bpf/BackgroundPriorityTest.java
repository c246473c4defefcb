package io.sockscope.bpf;

import io.sockscope.bpf.internal.Syscalls;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** This JVM's own threads, switched by a backlog and a loss count the test controls (needs root). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackgroundPriorityTest {
    private static final long RING = 1 << 20;
    private static final BackgroundPriority.Thresholds QUICK = new BackgroundPriority.Thresholds(
            Duration.ofMillis(20), Duration.ofMillis(1500), 0.25, 1.0 / 64);

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    @AfterEach
    void normalPolicyAgain() throws Exception {
        Syscalls.setScheduler(0, BackgroundPriority.SCHED_OTHER);
    }

    @Test
    void yieldsWhileTheRingKeepsUpAndCompetesOnceItFillsOrLoses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread earlier = Thread.ofPlatform().name("started-before").start(() -> awaitQuietly(release));
        try (BackgroundPriority priority = BackgroundPriority.start(backlog::get, RING, lost::get, QUICK)) {
            // a quiet ring: every thread yields, those started before and this one alike
            await(priority::background, "SCHED_IDLE on a quiet ring");
            assertThat(Syscalls.getScheduler(0)).isEqualTo(BackgroundPriority.SCHED_IDLE);
            assertThat(policies()).as("every thread but the watcher").containsValue(BackgroundPriority.SCHED_IDLE)
                    .satisfies(p -> assertThat(p.values().stream().filter(v -> v != BackgroundPriority.SCHED_IDLE).count())
                            .as("threads not at SCHED_IDLE: %s", p).isEqualTo(1));
            AtomicInteger inherited = new AtomicInteger(-1);
            Thread.ofPlatform().start(() -> inherited.set(policyOfThisThread())).join();
            assertThat(inherited).as("a thread started now inherits the policy").hasValue(BackgroundPriority.SCHED_IDLE);

            // a quarter of the ring waits: back to the normal policy at once
            backlog.set(RING / 4 + 1);
            await(() -> !priority.background(), "SCHED_OTHER once a quarter of the ring waits");
            assertThat(Syscalls.getScheduler(0)).isEqualTo(BackgroundPriority.SCHED_OTHER);
            assertThat(policies().values()).allMatch(p -> p == BackgroundPriority.SCHED_OTHER);
            assertThat(priority.raised()).isEqualTo(1);

            // drained: it waits for the calm period before yielding again
            backlog.set(0);
            Thread.sleep(300);
            assertThat(priority.background()).as("still normal before the calm period ends").isFalse();
            await(priority::background, "SCHED_IDLE again after the calm period");

            // a lost event, even with an empty ring, is pressure too
            lost.addAndGet(3);
            await(() -> !priority.background(), "SCHED_OTHER after a lost event");
            assertThat(priority.raised()).isEqualTo(2);
            await(priority::background, "SCHED_IDLE again once nothing more is lost");
        } finally {
            release.countDown();
            earlier.join();
        }
        assertThat(Syscalls.getScheduler(0)).as("closed: normal policy").isEqualTo(BackgroundPriority.SCHED_OTHER);
        assertThat(policies().values()).allMatch(p -> p == BackgroundPriority.SCHED_OTHER);
    }

    @Test
    void aBacklogBetweenTheMarksKeepsTheNormalPolicy() throws Exception {
        backlog.set(RING / 8); // over calm (1/64), under busy (1/4)
        try (BackgroundPriority priority = BackgroundPriority.start(backlog::get, RING, lost::get, QUICK)) {
            Thread.sleep(500);
            assertThat(priority.available()).isTrue();
            assertThat(priority.background()).isFalse();
            assertThat(Syscalls.getScheduler(0)).isEqualTo(BackgroundPriority.SCHED_OTHER);
        }
    }

    @Test
    void thresholdsAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BackgroundPriority.Thresholds(
                Duration.ofMillis(50), Duration.ofSeconds(5), 0.1, 0.2)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BackgroundPriority.Thresholds(
                Duration.ZERO, Duration.ofSeconds(5), 0.25, 0.01)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int policyOfThisThread() {
        try {
            return Syscalls.getScheduler(0);
        } catch (Syscalls.ErrnoException e) {
            return -1;
        }
    }

    /** Policy of every thread of this JVM, by tid. */
    private static Map<Integer, Integer> policies() throws IOException {
        Map<Integer, Integer> out = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : dir) {
                int tid = Integer.parseInt(task.getFileName().toString());
                try {
                    out.put(tid, Syscalls.getScheduler(tid));
                } catch (Syscalls.ErrnoException ended) {
                    // the thread ended since the listing
                }
            }
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
