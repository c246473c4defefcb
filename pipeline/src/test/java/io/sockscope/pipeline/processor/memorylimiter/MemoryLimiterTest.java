package io.sockscope.pipeline.processor.memorylimiter;

import io.sockscope.config.InvalidValueException;
import io.sockscope.pipeline.DataRefusedException;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryLimiterTest {
    private final AtomicLong heap = new AtomicLong();
    private final AtomicInteger gcs = new AtomicInteger();

    private MemoryLimiterConfig config(long limitMib, long spikeMib) {
        return new MemoryLimiterConfig(Duration.ofHours(1), limitMib, spikeMib, 0, 0, Duration.ofSeconds(10), Duration.ZERO);
    }

    @Test
    void refusesAboveTheSoftLimitAndAcceptsAgainBelowIt() throws Exception {
        SelfTelemetry telemetry = new SelfTelemetry();
        AtomicInteger delivered = new AtomicInteger();
        MemoryLimiter limiter = new MemoryLimiter("memory_limiter", config(100, 20), heap::get, () -> 1L << 30, gcs::incrementAndGet);
        var factory = new MemoryLimiterProcessorFactory(heap::get, () -> 1L << 30, gcs::incrementAndGet);
        var processor = factory.createTraces(new ComponentContext("memory_limiter", telemetry), config(100, 20),
                data -> delivered.addAndGet(data.size()));
        heap.set(50L << 20);
        processor.start();
        processor.consumeTraces(TestData.spans(2));
        assertThat(delivered).hasValue(1);
        processor.shutdown();

        heap.set(85L << 20);
        limiter.check();
        assertThat(limiter.refusing()).as("85 MiB is above the soft limit of 80").isTrue();
        assertThat(gcs).hasValue(1);
        heap.set(70L << 20);
        limiter.check();
        assertThat(limiter.refusing()).isFalse();
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_processor_accepted_spans", "processor", "memory_limiter"))).isEqualTo(2);
    }

    @Test
    void countsRefusedSpans() throws Exception {
        SelfTelemetry telemetry = new SelfTelemetry();
        heap.set(99L << 20);
        var processor = new MemoryLimiterProcessorFactory(heap::get, () -> 1L << 30, gcs::incrementAndGet)
                .createTraces(new ComponentContext("memory_limiter", telemetry), config(100, 0), data -> { });
        processor.start();
        assertThatThrownBy(() -> processor.consumeTraces(TestData.spans(3))).isInstanceOf(DataRefusedException.class)
                .hasMessageContaining("soft limit of 80 MiB");
        processor.shutdown();
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_processor_refused_spans", "processor", "memory_limiter"))).isEqualTo(3);
    }

    @Test
    void percentageLimitsAreOfTheMaxHeap() throws Exception {
        var c = new MemoryLimiterConfig(Duration.ofSeconds(1), 0, 0, 80, 20, Duration.ofSeconds(10), Duration.ZERO);
        c.validate();
        MemoryLimiterConfig.Limits limits = c.limits(1000L << 20);
        assertThat(limits.hardBytes()).isEqualTo((1000L << 20) / 100 * 80);
        assertThat(limits.softBytes()).isEqualTo((1000L << 20) / 100 * 60);
    }

    @Test
    void validatesLikeTheCollector() throws Exception {
        assertThatThrownBy(() -> MemoryLimiterConfig.defaults().validate()).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.hint()).contains("limit_mib"));
        assertThatThrownBy(() -> config(100, 100).validate()).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.key()).isEqualTo("spike_limit_mib"));
    }
}
