package io.sockscope.pipeline.processor.batch;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ProcessorFactory;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.sockscope.pipeline.testing.Poll;

import static org.assertj.core.api.Assertions.assertThat;


class BatchProcessorTest {
    private final SelfTelemetry telemetry = new SelfTelemetry();
    private final List<List<ResourceSpans>> sent = new CopyOnWriteArrayList<>();
    private ProcessorFactory.TracesProcessor batch;

    private ProcessorFactory.TracesProcessor batch(BatchConfig config) throws Exception {
        batch = new BatchProcessorFactory().createTraces(new ComponentContext("batch", telemetry), config, sent::add);
        batch.start();
        return batch;
    }

    @AfterEach
    void shutdown() throws Exception {
        if (batch != null) {
            batch.shutdown();
        }
    }

    private List<Integer> sizes() {
        return sent.stream().map(Items::spans).toList();
    }

    @Test
    void sendsWhenTheSizeIsReached() throws Exception {
        batch(new BatchConfig(10, 0, Duration.ofHours(1)));
        batch.consumeTraces(TestData.spans(4));
        batch.consumeTraces(TestData.spans(4));
        assertThat(sent).isEmpty();
        batch.consumeTraces(TestData.spans(4));
        assertThat(sizes()).containsExactly(12);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_processor_batch_batch_size_trigger_send", "processor", "batch"))).isEqualTo(1);
    }

    @Test
    void splitsToTheMaxSizeAndKeepsTheRest() throws Exception {
        batch(new BatchConfig(10, 10, Duration.ofHours(1)));
        batch.consumeTraces(TestData.spans(25));
        assertThat(sizes()).containsExactly(10, 10);
        batch.shutdown();
        assertThat(sizes()).containsExactly(10, 10, 5);
        List<String> names = sent.stream().flatMap(b -> b.stream())
                .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream()).map(s -> s.getName()).toList();
        assertThat(names).hasSize(25).startsWith("span-0", "span-1").endsWith("span-24").doesNotHaveDuplicates();
    }

    @Test
    void sendsOnTimeout() throws Exception {
        batch(new BatchConfig(8192, 0, Duration.ofMillis(50)));
        long start = System.nanoTime();
        batch.consumeTraces(TestData.spans(3));
        Poll.until(Duration.ofSeconds(5), () -> !sent.isEmpty());
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(sizes()).containsExactly(3);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_processor_batch_timeout_trigger_send", "processor", "batch"))).isEqualTo(1);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_processor_batch_batch_send_size_sum", "processor", "batch"))).isEqualTo(3);
    }

    @Test
    void flushesOnShutdown() throws Exception {
        batch(new BatchConfig(8192, 0, Duration.ofHours(1)));
        batch.consumeTraces(TestData.spans(7));
        assertThat(sent).isEmpty();
        batch.shutdown();
        assertThat(sizes()).containsExactly(7);
        batch.shutdown();
        assertThat(sizes()).containsExactly(7);
    }

    @Test
    void zeroTimeoutSendsAtOnce() throws Exception {
        batch(new BatchConfig(8192, 2, Duration.ZERO));
        batch.consumeTraces(TestData.spans(5));
        assertThat(sizes()).containsExactly(2, 2, 1);
    }

    @Test
    void batchesMetricsByDataPoints() throws Exception {
        List<List<ResourceMetrics>> out = new CopyOnWriteArrayList<>();
        var metrics = new BatchProcessorFactory().createMetrics(new ComponentContext("batch", telemetry),
                new BatchConfig(4, 4, Duration.ofHours(1)), out::add);
        metrics.start();
        metrics.consumeMetrics(TestData.metrics(TestData.gauge("a", 1, 2, 3), TestData.gauge("b", 4, 5, 6)));
        assertThat(out).hasSize(1);
        assertThat(Items.dataPoints(out.getFirst())).isEqualTo(4);
        metrics.shutdown();
        assertThat(out).hasSize(2);
        assertThat(Items.dataPoints(out.get(1))).isEqualTo(2);
        assertThat(out.get(1).getFirst().getScopeMetrics(0).getMetrics(0).getName()).isEqualTo("b");
    }
}
