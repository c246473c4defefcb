package io.sockscope.pipeline.assembly;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.util.concurrent.atomic.LongAdder;

/**
 * What every receiver hands on, counted the Collector's way so receivers need not count it:
 * {@code otelcol_receiver_accepted_<items>} when the pipelines took it,
 * {@code otelcol_receiver_refused_<items>} when one threw (the exception still reaches the receiver).
 */
final class ReceiverCounting {
    private ReceiverCounting() {
    }

    static TracesConsumer traces(String receiverId, SelfTelemetry telemetry, TracesConsumer next) {
        LongAdder accepted = telemetry.counter("otelcol_receiver_accepted_spans", "receiver", receiverId);
        LongAdder refused = telemetry.counter("otelcol_receiver_refused_spans", "receiver", receiverId);
        return data -> {
            int n = Items.spans(data);
            try {
                next.consumeTraces(data);
            } catch (RuntimeException e) {
                refused.add(n);
                throw e;
            }
            accepted.add(n);
        };
    }

    static MetricsConsumer metrics(String receiverId, SelfTelemetry telemetry, MetricsConsumer next) {
        LongAdder accepted = telemetry.counter("otelcol_receiver_accepted_metric_points", "receiver", receiverId);
        LongAdder refused = telemetry.counter("otelcol_receiver_refused_metric_points", "receiver", receiverId);
        return data -> {
            int n = Items.dataPoints(data);
            try {
                next.consumeMetrics(data);
            } catch (RuntimeException e) {
                refused.add(n);
                throw e;
            }
            accepted.add(n);
        };
    }
}
