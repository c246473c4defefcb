package io.sockscope.pipeline.fanout;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.sockscope.pipeline.MetricsConsumer;

import java.util.List;

/**
 * Hands the same metrics to several consumers (one receiver feeding several pipelines, one pipeline
 * feeding several exporters), by the rule of {@link FanOut}.
 */
public final class MetricsFanOut implements MetricsConsumer {
    private final MetricsConsumer[] consumers;

    private MetricsFanOut(List<MetricsConsumer> consumers) {
        this.consumers = consumers.toArray(MetricsConsumer[]::new);
    }

    /** The consumer itself when there is one, a fan-out otherwise. */
    public static MetricsConsumer of(List<MetricsConsumer> consumers) {
        if (consumers.isEmpty()) {
            throw new IllegalArgumentException("a fan-out needs at least one consumer");
        }
        return consumers.size() == 1 ? consumers.getFirst() : new MetricsFanOut(consumers);
    }

    @Override
    public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
        FanOut.deliver(consumers, resourceMetrics, MetricsConsumer::consumeMetrics);
    }
}
