package io.sockscope.pipeline;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;

import java.util.List;

/** Takes metrics in OTLP's data model; same contract as {@link TracesConsumer}. */
@FunctionalInterface
public interface MetricsConsumer {
    void consumeMetrics(List<ResourceMetrics> resourceMetrics);
}
