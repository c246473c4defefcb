package io.sockscope.pipeline.telemetry;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SelfTelemetryTest {
    @Test
    void sumOfCountersAddsEverySeriesOfEveryNamedPrefixAndNothingElse() {
        SelfTelemetry t = new SelfTelemetry();
        t.counter("otelcol_exporter_enqueue_failed_spans", "exporter", "otlp_grpc").add(3);
        t.counter("otelcol_exporter_enqueue_failed_spans", "exporter", "otlp_http").add(4);
        t.counter("otelcol_exporter_enqueue_failed_metric_points", "exporter", "otlp_grpc").add(5);
        t.counter("otelcol_receiver_refused_spans", "receiver", "ebpf").add(7);
        t.counter("otelcol_exporter_sent_spans", "exporter", "otlp_grpc").add(1000);
        t.gauge("otelcol_exporter_enqueue_failed_gauge", new AtomicLong(99)); // a gauge is no counter

        assertThat(t.sumOfCounters("otelcol_exporter_enqueue_failed_", "otelcol_receiver_refused_")).isEqualTo(19);
        assertThat(t.sumOfCounters("otelcol_receiver_refused_")).isEqualTo(7);
        assertThat(t.sumOfCounters("nothing_")).isZero();
        assertThat(t.sumOfCounters()).isZero();
    }
}
