package io.sockscope.pipeline.connector.spanmetrics;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;
import io.sockscope.config.binding.ConfigKey;
import io.sockscope.pipeline.aggregation.MetricAggregator;
import io.sockscope.pipeline.aggregation.Temporality;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Collector's {@code spanmetrics} connector settings.
 *
 * <pre>{@code
 * connectors:
 *   spanmetrics:
 *     histogram: {unit: ms, explicit: {buckets: [2ms, 4ms, 6ms, ...]}}   # or unit: s; disable: true
 *     dimensions: [{name: http.request.method}, {name: http.response.status_code, default: "0"}]
 *     exclude_dimensions: [status.code]
 *     aggregation_temporality: AGGREGATION_TEMPORALITY_CUMULATIVE        # or AGGREGATION_TEMPORALITY_DELTA
 *     metrics_flush_interval: 60s
 *     namespace: traces.span.metrics
 *     aggregation_cardinality_limit: 2000     # series per metric; more go to otel.metric.overflow=true
 * }</pre>
 *
 * @param dimensions                  span (then resource) attributes added to every series; without a default, a
 *                                    span lacking the attribute has no such dimension
 * @param excludeDimensions           default dimensions to leave out ({@code service.name}, {@code span.name},
 *                                    {@code span.kind}, {@code status.code})
 * @param aggregationTemporality      {@code AGGREGATION_TEMPORALITY_CUMULATIVE} (default) or {@code _DELTA}
 *                                    ({@code cumulative} and {@code delta} are accepted too)
 * @param aggregationCardinalityLimit series per metric; 0 means Sockscope's default, 2000
 */
public record SpanMetricsConfig(List<Dimension> dimensions, List<String> excludeDimensions, Histogram histogram,
                                String aggregationTemporality, Duration metricsFlushInterval, String namespace,
                                int aggregationCardinalityLimit) implements Validated {
    public static final String CUMULATIVE = "AGGREGATION_TEMPORALITY_CUMULATIVE";
    public static final String DELTA = "AGGREGATION_TEMPORALITY_DELTA";
    public static final String DEFAULT_NAMESPACE = "traces.span.metrics";
    /** The Collector's default buckets, in milliseconds. */
    static final double[] DEFAULT_BUCKETS_MS = {2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000};
    static final List<String> DEFAULT_DIMENSIONS = List.of("service.name", "span.name", "span.kind", "status.code");

    /** @param defaultValue used when neither the span nor its resource has the attribute; null leaves it out */
    public record Dimension(String name, @ConfigKey("default") String defaultValue) {
    }

    /**
     * @param unit     {@code ms} (default) or {@code s}: of the duration histogram and its buckets
     * @param explicit explicit bucket bounds as durations; null for the default buckets
     */
    public record Histogram(boolean disable, String unit, Explicit explicit) {
        public static Histogram defaults() {
            return new Histogram(false, "ms", null);
        }
    }

    public record Explicit(List<Duration> buckets) {
    }

    public static SpanMetricsConfig defaults() {
        return new SpanMetricsConfig(List.of(), List.of(), Histogram.defaults(), CUMULATIVE, Duration.ofSeconds(60), DEFAULT_NAMESPACE, 0);
    }

    @Override
    public void validate() {
        Set<String> names = new HashSet<>(DEFAULT_DIMENSIONS);
        for (int i = 0; i < dimensions.size(); i++) {
            Dimension d = dimensions.get(i);
            if (d.name() == null || d.name().isBlank()) {
                throw new InvalidValueException("dimensions[" + i + "].name", "a dimension needs a name", "write {name: http.request.method}");
            }
            if (!names.add(d.name())) {
                throw new InvalidValueException("dimensions[" + i + "].name", "duplicate dimension name " + d.name(),
                        "service.name, span.name, span.kind and status.code are always there; name each other dimension once");
            }
        }
        for (int i = 0; i < excludeDimensions.size(); i++) {
            if (!DEFAULT_DIMENSIONS.contains(excludeDimensions.get(i))) {
                throw new InvalidValueException("exclude_dimensions[" + i + "]", "\"" + excludeDimensions.get(i)
                        + "\" is not a default dimension", "exclude one of " + String.join(", ", DEFAULT_DIMENSIONS));
            }
        }
        if (temporality() == null) {
            throw new InvalidValueException("aggregation_temporality", "unknown aggregation temporality \"" + aggregationTemporality + "\"",
                    "write " + CUMULATIVE + " or " + DELTA);
        }
        if (metricsFlushInterval == null || metricsFlushInterval.isZero() || metricsFlushInterval.isNegative()) {
            throw new InvalidValueException("metrics_flush_interval", "must be a positive duration", "60s is the Collector's default");
        }
        if (histogram.unit() == null || !(histogram.unit().equals("ms") || histogram.unit().equals("s"))) {
            throw new InvalidValueException("histogram.unit", "unknown unit \"" + histogram.unit() + "\"", "write ms or s");
        }
        if (histogram.explicit() != null && histogram.explicit().buckets() != null) {
            List<Duration> b = histogram.explicit().buckets();
            for (int i = 1; i < b.size(); i++) {
                if (b.get(i).compareTo(b.get(i - 1)) <= 0) {
                    throw new InvalidValueException("histogram.explicit.buckets[" + i + "]", "buckets must be in ascending order",
                            "sort the buckets and remove repeats");
                }
            }
        }
        if (aggregationCardinalityLimit < 0 || aggregationCardinalityLimit == 1) {
            throw new InvalidValueException("aggregation_cardinality_limit", "must be 0 (the default, 2000) or at least 2",
                    "2000 is the SDK's default");
        }
        if (namespace == null) {
            throw new InvalidValueException("namespace", "must not be empty", "traces.span.metrics is the Collector's default");
        }
    }

    /** The temporality written, or null when it is not one. */
    public Temporality temporality() {
        if (aggregationTemporality == null) {
            return null;
        }
        return switch (aggregationTemporality.strip().toUpperCase(java.util.Locale.ROOT)) {
            case CUMULATIVE, "CUMULATIVE" -> Temporality.CUMULATIVE;
            case DELTA, "DELTA" -> Temporality.DELTA;
            default -> null;
        };
    }

    int cardinalityLimit() {
        return aggregationCardinalityLimit == 0 ? MetricAggregator.DEFAULT_CARDINALITY_LIMIT : aggregationCardinalityLimit;
    }

    boolean seconds() {
        return histogram.unit().equals("s");
    }

    /** Bucket bounds in the histogram's unit. */
    double[] bounds() {
        double divider = seconds() ? 1e9 : 1e6;
        if (histogram.explicit() != null && histogram.explicit().buckets() != null) {
            return histogram.explicit().buckets().stream().mapToDouble(d -> d.toNanos() / divider).toArray();
        }
        double[] b = DEFAULT_BUCKETS_MS.clone();
        if (seconds()) {
            for (int i = 0; i < b.length; i++) {
                b[i] = b[i] / 1000;
            }
        }
        return b;
    }

    /** {@code traces.span.metrics.calls}; without a namespace, {@code calls}. */
    String metricName(String name) {
        return namespace.isEmpty() ? name : namespace + "." + name;
    }
}
