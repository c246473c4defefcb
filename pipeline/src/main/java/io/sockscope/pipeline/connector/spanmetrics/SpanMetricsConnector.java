package io.sockscope.pipeline.connector.spanmetrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.connector.MetricsHandOff;
import io.sockscope.pipeline.aggregation.MetricAggregator;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ConnectorFactory;
import io.sockscope.pipeline.connector.AttributeLookup;
import io.sockscope.pipeline.connector.PeriodicFlush;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns every span into a call count and a duration, by service, span name, kind, status and the
 * configured dimensions, and hands the metrics on every {@code metrics_flush_interval} and at
 * shutdown. One resource per {@code service.name}; spans whose resource has none are skipped, as
 * the Collector does.
 *
 * <p>Threading: {@link #consumeTraces} from any pipeline thread, flushes from its own thread; one lock
 * guards the aggregator, and the metrics are handed on outside it.
 */
final class SpanMetricsConnector implements ConnectorFactory.TracesConnector {
    static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("spanmetricsconnector").build();

    private final SpanMetricsConfig config;
    private final MetricsHandOff handOff;
    private final LongSupplier clock;
    private final MetricAggregator aggregator;
    private final MetricAggregator.Counter calls;
    private final MetricAggregator.Histogram duration;
    private final double nanosPerUnit;
    private final boolean[] keep = new boolean[4];
    private final Map<String, Resource> resources = new HashMap<>();
    private final PeriodicFlush flusher;
    private final Object lock = new Object();
    private boolean shutDown;

    /** @param clock epoch nanoseconds */
    SpanMetricsConnector(ComponentContext context, SpanMetricsConfig config, MetricsConsumer next, LongSupplier clock) {
        this.config = config;
        this.handOff = new MetricsHandOff(context, next);
        this.clock = clock;
        this.aggregator = new MetricAggregator(SCOPE, null, config.temporality(), config.cardinalityLimit(), clock.getAsLong());
        this.calls = aggregator.counter(config.metricName("calls"), "", "");
        this.duration = config.histogram().disable() ? null
                : aggregator.histogram(config.metricName("duration"), "", config.histogram().unit(), config.bounds());
        this.nanosPerUnit = config.seconds() ? 1e9 : 1e6;
        for (int i = 0; i < keep.length; i++) {
            keep[i] = !config.excludeDimensions().contains(SpanMetricsConfig.DEFAULT_DIMENSIONS.get(i));
        }
        this.flusher = new PeriodicFlush("spanmetrics-" + context.id(), config.metricsFlushInterval(), this::flush);
    }

    @Override
    public void consumeTraces(List<ResourceSpans> resourceSpans) {
        long now = clock.getAsLong();
        synchronized (lock) {
            for (ResourceSpans rs : resourceSpans) {
                List<KeyValue> resourceAttributes = rs.getResource().getAttributesList();
                String service = AttributeLookup.string("service.name", resourceAttributes);
                if (service == null) {
                    continue;
                }
                Resource resource = resources.computeIfAbsent(service, s -> Resource.newBuilder()
                        .addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue(s).build())).build());
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        List<KeyValue> attributes = attributes(service, span, resourceAttributes);
                        calls.add(resource, attributes, 1, now);
                        if (duration != null) {
                            long nanos = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
                            duration.record(resource, attributes, nanos / nanosPerUnit, now);
                        }
                    }
                }
            }
        }
    }

    /** The series attributes, always in the same order: the defaults kept, then the configured dimensions. */
    private List<KeyValue> attributes(String service, Span span, List<KeyValue> resourceAttributes) {
        List<KeyValue> out = new ArrayList<>(4 + config.dimensions().size());
        if (keep[0]) {
            out.add(kv("service.name", str(service)));
        }
        if (keep[1]) {
            out.add(kv("span.name", str(span.getName())));
        }
        if (keep[2]) {
            out.add(kv("span.kind", str(kindName(span.getKind()))));
        }
        if (keep[3]) {
            out.add(kv("status.code", str(statusName(span.getStatus().getCode()))));
        }
        for (SpanMetricsConfig.Dimension d : config.dimensions()) {
            AnyValue v = AttributeLookup.find(d.name(), span.getAttributesList(), resourceAttributes);
            if (v != null) {
                out.add(kv(d.name(), v));
            } else if (d.defaultValue() != null) {
                out.add(kv(d.name(), str(d.defaultValue())));
            }
        }
        return out;
    }

    /** {@code SPAN_KIND_SERVER}, as the Collector spells kinds in {@code span.kind}. */
    static String kindName(Span.SpanKind kind) {
        return kind == Span.SpanKind.UNRECOGNIZED ? "SPAN_KIND_UNSPECIFIED" : kind.name();
    }

    static String statusName(Status.StatusCode code) {
        return code == Status.StatusCode.UNRECOGNIZED ? "STATUS_CODE_UNSET" : code.name();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** Hands the metrics so far to the next consumer; nothing when there is nothing to report. */
    void flush() {
        List<ResourceMetrics> metrics;
        synchronized (lock) {
            metrics = aggregator.collect(clock.getAsLong());
        }
        handOff.send(metrics);
    }

    @Override
    public void start() {
        flusher.start();
    }

    /** Stops the timer and hands on the last metrics. Idempotent. */
    @Override
    public void shutdown() {
        synchronized (lock) {
            if (shutDown) {
                return;
            }
            shutDown = true;
        }
        flusher.stop();
        flush();
    }
}
