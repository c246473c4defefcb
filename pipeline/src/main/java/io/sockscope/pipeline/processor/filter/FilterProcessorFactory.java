package io.sockscope.pipeline.processor.filter;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ProcessorFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.pipeline.processor.attraction.AttributeActions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code filter}: drops the spans and metrics that match any of its conditions, and the resources
 * and scopes left empty. Counts {@code otelcol_processor_filter_spans_filtered} and
 * {@code otelcol_processor_filter_datapoints_filtered} by processor id.
 */
public final class FilterProcessorFactory implements ProcessorFactory<FilterConfig> {
    public static final String TYPE = "filter";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<FilterConfig> configClass() {
        return FilterConfig.class;
    }

    @Override
    public FilterConfig defaultConfig() {
        return FilterConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public TracesProcessor createTraces(ComponentContext context, FilterConfig config, TracesConsumer next) {
        List<Condition> conditions = config.spanConditions();
        LongAdder filtered = context.telemetry().counter("otelcol_processor_filter_spans_filtered", "processor", context.id());
        return new TracesProcessor() {
            @Override
            public void consumeTraces(List<ResourceSpans> resourceSpans) {
                if (conditions.isEmpty()) {
                    next.consumeTraces(resourceSpans);
                    return;
                }
                List<ResourceSpans> kept = filterSpans(resourceSpans, conditions, filtered);
                if (!kept.isEmpty()) {
                    next.consumeTraces(kept);
                }
            }
        };
    }

    @Override
    public MetricsProcessor createMetrics(ComponentContext context, FilterConfig config, MetricsConsumer next) {
        List<Condition> conditions = config.metricConditions();
        LongAdder filtered = context.telemetry().counter("otelcol_processor_filter_datapoints_filtered", "processor", context.id());
        return new MetricsProcessor() {
            @Override
            public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
                if (conditions.isEmpty()) {
                    next.consumeMetrics(resourceMetrics);
                    return;
                }
                List<ResourceMetrics> kept = filterMetrics(resourceMetrics, conditions, filtered);
                if (!kept.isEmpty()) {
                    next.consumeMetrics(kept);
                }
            }
        };
    }

    static List<ResourceSpans> filterSpans(List<ResourceSpans> data, List<Condition> conditions, LongAdder filtered) {
        List<ResourceSpans> out = new ArrayList<>(data.size());
        for (ResourceSpans rs : data) {
            ResourceSpans.Builder rb = null;
            for (int si = 0; si < rs.getScopeSpansCount(); si++) {
                ScopeSpans ss = rs.getScopeSpans(si);
                List<Span> keep = new ArrayList<>(ss.getSpansCount());
                for (Span span : ss.getSpansList()) {
                    Condition.Fields fields = path -> spanField(path, span, rs.getResource().getAttributesList(), ss.getScope());
                    if (matchesAny(conditions, fields)) {
                        filtered.increment();
                    } else {
                        keep.add(span);
                    }
                }
                if (rb == null) {
                    rb = rs.toBuilder().clearScopeSpans();
                }
                if (!keep.isEmpty()) {
                    rb.addScopeSpans(keep.size() == ss.getSpansCount() ? ss : ss.toBuilder().clearSpans().addAllSpans(keep).build());
                }
            }
            if (rb != null && rb.getScopeSpansCount() > 0) {
                out.add(rb.build());
            }
        }
        return out;
    }

    static List<ResourceMetrics> filterMetrics(List<ResourceMetrics> data, List<Condition> conditions, LongAdder filtered) {
        List<ResourceMetrics> out = new ArrayList<>(data.size());
        for (ResourceMetrics rm : data) {
            ResourceMetrics.Builder rb = rm.toBuilder().clearScopeMetrics();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                List<Metric> keep = new ArrayList<>(sm.getMetricsCount());
                for (Metric m : sm.getMetricsList()) {
                    Condition.Fields fields = path -> metricField(path, m, rm.getResource().getAttributesList(), sm.getScope());
                    if (matchesAny(conditions, fields)) {
                        filtered.add(Items.dataPoints(m));
                    } else {
                        keep.add(m);
                    }
                }
                if (!keep.isEmpty()) {
                    rb.addScopeMetrics(keep.size() == sm.getMetricsCount() ? sm : sm.toBuilder().clearMetrics().addAllMetrics(keep).build());
                }
            }
            if (rb.getScopeMetricsCount() > 0) {
                out.add(rb.build());
            }
        }
        return out;
    }

    private static boolean matchesAny(List<Condition> conditions, Condition.Fields fields) {
        for (Condition c : conditions) {
            if (c.test(fields)) {
                return true;
            }
        }
        return false;
    }

    private static Object spanField(Condition.Path path, Span span, List<KeyValue> resource, InstrumentationScope scope) {
        return switch (path.field()) {
            case "name" -> span.getName();
            case "kind" -> (long) span.getKindValue();
            case "status.code" -> (long) span.getStatus().getCodeValue();
            case "attributes" -> attribute(span.getAttributesList(), path.key());
            case "resource.attributes" -> attribute(resource, path.key());
            case "instrumentation_scope.name" -> scope.getName();
            case "instrumentation_scope.version" -> scope.getVersion();
            default -> null;
        };
    }

    private static Object metricField(Condition.Path path, Metric m, List<KeyValue> resource, InstrumentationScope scope) {
        return switch (path.field()) {
            case "name" -> m.getName();
            case "description" -> m.getDescription();
            case "unit" -> m.getUnit();
            case "type" -> switch (m.getDataCase()) {
                case GAUGE -> 1L;
                case SUM -> 2L;
                case HISTOGRAM -> 3L;
                case EXPONENTIAL_HISTOGRAM -> 4L;
                case SUMMARY -> 5L;
                case DATA_NOT_SET -> 0L;
            };
            case "resource.attributes" -> attribute(resource, path.key());
            case "instrumentation_scope.name" -> scope.getName();
            case "instrumentation_scope.version" -> scope.getVersion();
            default -> null;
        };
    }

    private static Object attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                AnyValue v = kv.getValue();
                return switch (v.getValueCase()) {
                    case STRING_VALUE -> v.getStringValue();
                    case INT_VALUE -> v.getIntValue();
                    case DOUBLE_VALUE -> v.getDoubleValue();
                    case BOOL_VALUE -> v.getBoolValue();
                    case VALUE_NOT_SET -> null;
                    default -> AttributeActions.text(v);
                };
            }
        }
        return null;
    }
}
