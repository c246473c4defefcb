package io.sockscope.pipeline.connector.spanmetrics;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ConnectorFactory;
import io.sockscope.pipeline.component.Signal;

import java.util.Set;

/**
 * {@code spanmetrics}: the Collector's span metrics connector, traces to metrics. Emits
 * {@code traces.span.metrics.calls} (a monotonic sum) and {@code traces.span.metrics.duration}
 * (an explicit-bucket histogram in {@code ms}, or {@code s}) with the attributes {@code service.name},
 * {@code span.name}, {@code span.kind} ({@code SPAN_KIND_SERVER}...), {@code status.code}
 * ({@code STATUS_CODE_ERROR}...) and the configured dimensions. Counts metrics the pipeline refused in
 * {@code sockscope_connector_send_failed_metric_points{connector=...}}.
 */
public final class SpanMetricsConnectorFactory implements ConnectorFactory<SpanMetricsConfig> {
    public static final String TYPE = "spanmetrics";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<SpanMetricsConfig> configClass() {
        return SpanMetricsConfig.class;
    }

    @Override
    public SpanMetricsConfig defaultConfig() {
        return SpanMetricsConfig.defaults();
    }

    @Override
    public Set<Flow> flows() {
        return Set.of(new Flow(Signal.TRACES, Signal.METRICS));
    }

    @Override
    public TracesConnector createTracesToMetrics(ComponentContext context, SpanMetricsConfig config, MetricsConsumer next) {
        return new SpanMetricsConnector(context, config, next, SpanMetricsConnectorFactory::epochNanos);
    }

    static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
