package io.sockscope.pipeline.aggregation;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;

/**
 * How sums and histograms are reported, by configuration ({@code cumulative} or {@code delta}).
 * Cumulative points count from the series' first measurement (Prometheus, most backends); delta
 * points count since the previous export (and a series with nothing new is not sent).
 */
public enum Temporality {
    CUMULATIVE(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE),
    DELTA(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);

    private final AggregationTemporality otlp;

    Temporality(AggregationTemporality otlp) {
        this.otlp = otlp;
    }

    public AggregationTemporality otlp() {
        return otlp;
    }
}
