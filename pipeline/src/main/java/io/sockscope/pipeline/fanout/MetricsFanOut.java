package io.sockscope.pipeline.fanout;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.sockscope.pipeline.MetricsConsumer;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands the same metrics to several consumers (one receiver feeding several pipelines, one pipeline
 * feeding several exporters). Each consumer gets its own list, since ownership passes to it; the
 * proto messages themselves are immutable and shared. Every consumer is called even when one throws;
 * the first failure is rethrown with the others suppressed.
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
        RuntimeException failure = null;
        for (int i = 0; i < consumers.length; i++) {
            List<ResourceMetrics> own = i == consumers.length - 1 ? resourceMetrics : new ArrayList<>(resourceMetrics);
            try {
                consumers[i].consumeMetrics(own);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
