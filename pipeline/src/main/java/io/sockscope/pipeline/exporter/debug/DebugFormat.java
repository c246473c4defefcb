package io.sockscope.pipeline.exporter.debug;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.sockscope.config.binding.Durations;
import io.sockscope.pipeline.pdata.Items;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The text the {@code debug} exporter prints, shaped like the Collector's debug exporter output:
 * {@code basic} one summary line, {@code normal} a line per resource, scope and span (or data point),
 * {@code detailed} every field in the Collector's {@code otlptext} layout.
 */
final class DebugFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private DebugFormat() {
    }

    static String basicTraces(List<ResourceSpans> data) {
        return "Traces\t{\"resource spans\": " + data.size() + ", \"spans\": " + Items.spans(data) + "}";
    }

    static String basicMetrics(List<ResourceMetrics> data) {
        int metrics = 0;
        for (ResourceMetrics rm : data) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                metrics += sm.getMetricsCount();
            }
        }
        return "Metrics\t{\"resource metrics\": " + data.size() + ", \"metrics\": " + metrics
                + ", \"data points\": " + Items.dataPoints(data) + "}";
    }

    // ---- normal: one line per span ----

    static String normalTraces(List<ResourceSpans> data) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < data.size(); r++) {
            ResourceSpans rs = data.get(r);
            sb.append("ResourceSpans #").append(r).append(attributesInline(rs.getResource().getAttributesList(), " ")).append('\n');
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                sb.append("ScopeSpans #").append(s).append(scopeInline(ss.getScope())).append('\n');
                for (Span span : ss.getSpansList()) {
                    sb.append(spanLine(span)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** {@code name kind trace_id span_id duration status attributes}. */
    static String spanLine(Span span) {
        StringBuilder sb = new StringBuilder();
        sb.append(span.getName()).append(' ').append(kind(span.getKind())).append(' ')
                .append(hex(span.getTraceId())).append(' ').append(hex(span.getSpanId())).append(' ')
                .append(Durations.format(Duration.ofNanos(span.getEndTimeUnixNano() - span.getStartTimeUnixNano()))).append(' ')
                .append(status(span.getStatus().getCode()));
        if (!span.getStatus().getMessage().isEmpty()) {
            sb.append('(').append(span.getStatus().getMessage()).append(')');
        }
        sb.append(attributesInline(span.getAttributesList(), " "));
        return sb.toString();
    }

    static String normalMetrics(List<ResourceMetrics> data) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < data.size(); r++) {
            ResourceMetrics rm = data.get(r);
            sb.append("ResourceMetrics #").append(r).append(attributesInline(rm.getResource().getAttributesList(), " ")).append('\n');
            for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
                ScopeMetrics sm = rm.getScopeMetrics(s);
                sb.append("ScopeMetrics #").append(s).append(scopeInline(sm.getScope())).append('\n');
                for (Metric m : sm.getMetricsList()) {
                    for (String line : pointLines(m)) {
                        sb.append(line).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    /** {@code name{attrs} value}, one per data point. */
    private static List<String> pointLines(Metric m) {
        List<String> out = new ArrayList<>();
        switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> out.add(head(m, p.getAttributesList()) + " " + number(p)));
            case SUM -> m.getSum().getDataPointsList().forEach(p -> out.add(head(m, p.getAttributesList()) + " " + number(p)));
            case HISTOGRAM -> m.getHistogram().getDataPointsList().forEach(p -> out.add(head(m, p.getAttributesList())
                    + " count=" + p.getCount() + " sum=" + p.getSum()
                    + (p.hasMin() ? " min=" + p.getMin() : "") + (p.hasMax() ? " max=" + p.getMax() : "")
                    + " bounds=" + p.getExplicitBoundsList() + " buckets=" + p.getBucketCountsList()));
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsList().forEach(p -> out.add(head(m, p.getAttributesList())
                    + " count=" + p.getCount() + " sum=" + p.getSum() + " scale=" + p.getScale()));
            case SUMMARY -> m.getSummary().getDataPointsList().forEach(p -> out.add(head(m, p.getAttributesList())
                    + " count=" + p.getCount() + " sum=" + p.getSum()));
            case DATA_NOT_SET -> out.add(m.getName() + " (no data)");
        }
        return out;
    }

    private static String head(Metric m, List<KeyValue> attributes) {
        String inline = attributesInline(attributes, ",");
        return m.getName() + "{" + (inline.isEmpty() ? "" : inline.substring(1)) + "}";
    }

    private static String number(NumberDataPoint p) {
        return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? Long.toString(p.getAsInt()) : Double.toString(p.getAsDouble());
    }

    // ---- detailed: the Collector's otlptext layout ----

    static String detailedTraces(List<ResourceSpans> data) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < data.size(); r++) {
            ResourceSpans rs = data.get(r);
            sb.append("ResourceSpans #").append(r).append('\n');
            sb.append("Resource SchemaURL: ").append(rs.getSchemaUrl()).append('\n');
            attributesBlock(sb, "Resource attributes", rs.getResource().getAttributesList(), 5);
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                sb.append("ScopeSpans #").append(s).append('\n');
                sb.append("ScopeSpans SchemaURL: ").append(ss.getSchemaUrl()).append('\n');
                sb.append("InstrumentationScope ").append(ss.getScope().getName()).append(' ').append(ss.getScope().getVersion()).append('\n');
                attributesBlock(sb, "InstrumentationScope attributes", ss.getScope().getAttributesList(), 5);
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    span(sb, i, ss.getSpans(i));
                }
            }
        }
        return sb.toString();
    }

    private static void span(StringBuilder sb, int index, Span span) {
        sb.append("Span #").append(index).append('\n');
        field(sb, "Trace ID", hex(span.getTraceId()));
        field(sb, "Parent ID", hex(span.getParentSpanId()));
        field(sb, "ID", hex(span.getSpanId()));
        field(sb, "Name", span.getName());
        field(sb, "Kind", kind(span.getKind()));
        if (!span.getTraceState().isEmpty()) {
            field(sb, "TraceState", span.getTraceState());
        }
        field(sb, "Start time", time(span.getStartTimeUnixNano()));
        field(sb, "End time", time(span.getEndTimeUnixNano()));
        field(sb, "Status code", status(span.getStatus().getCode()));
        field(sb, "Status message", span.getStatus().getMessage());
        if (span.getDroppedAttributesCount() > 0) {
            field(sb, "DroppedAttributesCount", Integer.toString(span.getDroppedAttributesCount()));
        }
        attributesBlock(sb, "Attributes", span.getAttributesList(), 5);
        if (span.getEventsCount() > 0) {
            sb.append("Events:\n");
            for (int i = 0; i < span.getEventsCount(); i++) {
                Span.Event e = span.getEvents(i);
                sb.append("SpanEvent #").append(i).append('\n');
                sb.append("     -> Name: ").append(e.getName()).append('\n');
                sb.append("     -> Timestamp: ").append(time(e.getTimeUnixNano())).append('\n');
                sb.append("     -> DroppedAttributesCount: ").append(e.getDroppedAttributesCount()).append('\n');
                attributesBlock(sb, "     -> Attributes:", e.getAttributesList(), 10);
            }
        }
        if (span.getLinksCount() > 0) {
            sb.append("Links:\n");
            for (int i = 0; i < span.getLinksCount(); i++) {
                Span.Link l = span.getLinks(i);
                sb.append("SpanLink #").append(i).append('\n');
                sb.append("     -> Trace ID: ").append(hex(l.getTraceId())).append('\n');
                sb.append("     -> ID: ").append(hex(l.getSpanId())).append('\n');
                sb.append("     -> TraceState: ").append(l.getTraceState()).append('\n');
                sb.append("     -> DroppedAttributesCount: ").append(l.getDroppedAttributesCount()).append('\n');
                attributesBlock(sb, "     -> Attributes:", l.getAttributesList(), 10);
            }
        }
    }

    static String detailedMetrics(List<ResourceMetrics> data) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < data.size(); r++) {
            ResourceMetrics rm = data.get(r);
            sb.append("ResourceMetrics #").append(r).append('\n');
            sb.append("Resource SchemaURL: ").append(rm.getSchemaUrl()).append('\n');
            attributesBlock(sb, "Resource attributes", rm.getResource().getAttributesList(), 5);
            for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
                ScopeMetrics sm = rm.getScopeMetrics(s);
                sb.append("ScopeMetrics #").append(s).append('\n');
                sb.append("ScopeMetrics SchemaURL: ").append(sm.getSchemaUrl()).append('\n');
                sb.append("InstrumentationScope ").append(sm.getScope().getName()).append(' ').append(sm.getScope().getVersion()).append('\n');
                for (int i = 0; i < sm.getMetricsCount(); i++) {
                    metric(sb, i, sm.getMetrics(i));
                }
            }
        }
        return sb.toString();
    }

    private static void metric(StringBuilder sb, int index, Metric m) {
        sb.append("Metric #").append(index).append('\n');
        sb.append("Descriptor:\n");
        sb.append("     -> Name: ").append(m.getName()).append('\n');
        sb.append("     -> Description: ").append(m.getDescription()).append('\n');
        sb.append("     -> Unit: ").append(m.getUnit()).append('\n');
        sb.append("     -> DataType: ").append(dataType(m)).append('\n');
        switch (m.getDataCase()) {
            case GAUGE -> numberPoints(sb, m.getGauge().getDataPointsList());
            case SUM -> {
                sb.append("     -> IsMonotonic: ").append(m.getSum().getIsMonotonic()).append('\n');
                sb.append("     -> AggregationTemporality: ").append(temporality(m.getSum().getAggregationTemporalityValue())).append('\n');
                numberPoints(sb, m.getSum().getDataPointsList());
            }
            case HISTOGRAM -> {
                sb.append("     -> AggregationTemporality: ").append(temporality(m.getHistogram().getAggregationTemporalityValue())).append('\n');
                List<HistogramDataPoint> points = m.getHistogram().getDataPointsList();
                for (int i = 0; i < points.size(); i++) {
                    HistogramDataPoint p = points.get(i);
                    sb.append("HistogramDataPoints #").append(i).append('\n');
                    pointHeader(sb, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
                    sb.append("Count: ").append(p.getCount()).append('\n');
                    if (p.hasSum()) {
                        sb.append("Sum: ").append(format(p.getSum())).append('\n');
                    }
                    if (p.hasMin()) {
                        sb.append("Min: ").append(format(p.getMin())).append('\n');
                    }
                    if (p.hasMax()) {
                        sb.append("Max: ").append(format(p.getMax())).append('\n');
                    }
                    for (int b = 0; b < p.getExplicitBoundsCount(); b++) {
                        sb.append("ExplicitBounds #").append(b).append(": ").append(format(p.getExplicitBounds(b))).append('\n');
                    }
                    for (int b = 0; b < p.getBucketCountsCount(); b++) {
                        sb.append("Buckets #").append(b).append(", Count: ").append(p.getBucketCounts(b)).append('\n');
                    }
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                sb.append("     -> AggregationTemporality: ")
                        .append(temporality(m.getExponentialHistogram().getAggregationTemporalityValue())).append('\n');
                List<ExponentialHistogramDataPoint> points = m.getExponentialHistogram().getDataPointsList();
                for (int i = 0; i < points.size(); i++) {
                    ExponentialHistogramDataPoint p = points.get(i);
                    sb.append("ExponentialHistogramDataPoints #").append(i).append('\n');
                    pointHeader(sb, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
                    sb.append("Count: ").append(p.getCount()).append('\n');
                    sb.append("Sum: ").append(format(p.getSum())).append('\n');
                    sb.append("Scale: ").append(p.getScale()).append('\n');
                    sb.append("ZeroCount: ").append(p.getZeroCount()).append('\n');
                }
            }
            case SUMMARY -> {
                List<SummaryDataPoint> points = m.getSummary().getDataPointsList();
                for (int i = 0; i < points.size(); i++) {
                    SummaryDataPoint p = points.get(i);
                    sb.append("SummaryDataPoints #").append(i).append('\n');
                    pointHeader(sb, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
                    sb.append("Count: ").append(p.getCount()).append('\n');
                    sb.append("Sum: ").append(format(p.getSum())).append('\n');
                    for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
                        sb.append("QuantileValue: ").append(format(q.getQuantile())).append(": ").append(format(q.getValue())).append('\n');
                    }
                }
            }
            case DATA_NOT_SET -> {
            }
        }
    }

    private static void numberPoints(StringBuilder sb, List<NumberDataPoint> points) {
        for (int i = 0; i < points.size(); i++) {
            NumberDataPoint p = points.get(i);
            sb.append("NumberDataPoints #").append(i).append('\n');
            pointHeader(sb, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
            sb.append("Value: ").append(number(p)).append('\n');
        }
    }

    private static void pointHeader(StringBuilder sb, List<KeyValue> attributes, long start, long time) {
        attributesBlock(sb, "Data point attributes", attributes, 5);
        sb.append("StartTimestamp: ").append(time(start)).append('\n');
        sb.append("Timestamp: ").append(time(time)).append('\n');
    }

    // ---- shared pieces ----

    private static void field(StringBuilder sb, String name, String value) {
        sb.append("    ").append(String.format("%-15s", name)).append(": ").append(value).append('\n');
    }

    private static void attributesBlock(StringBuilder sb, String title, List<KeyValue> attributes, int indent) {
        if (attributes.isEmpty()) {
            return;
        }
        sb.append(title).append(":\n");
        String pad = " ".repeat(indent);
        for (KeyValue kv : attributes) {
            sb.append(pad).append("-> ").append(kv.getKey()).append(": ").append(typed(kv.getValue())).append('\n');
        }
    }

    /** The Collector's typed value text: {@code Str(GET)}, {@code Int(200)}, ... */
    static String typed(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> "Str(" + v.getStringValue() + ")";
            case INT_VALUE -> "Int(" + v.getIntValue() + ")";
            case DOUBLE_VALUE -> "Double(" + format(v.getDoubleValue()) + ")";
            case BOOL_VALUE -> "Bool(" + v.getBoolValue() + ")";
            case BYTES_VALUE -> "Bytes(" + java.util.Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()) + ")";
            case ARRAY_VALUE -> "Slice(" + plain(v) + ")";
            case KVLIST_VALUE -> "Map(" + plain(v) + ")";
            case STRING_VALUE_STRINDEX -> "StrIndex(" + v.getStringValueStrindex() + ")";
            case VALUE_NOT_SET -> "Empty()";
        };
    }

    /** A value as JSON-ish text for one-line output. */
    private static String plain(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> format(v.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                List<String> items = new ArrayList<>();
                v.getArrayValue().getValuesList().forEach(i -> items.add(i.getValueCase() == AnyValue.ValueCase.STRING_VALUE
                        ? "\"" + i.getStringValue() + "\"" : plain(i)));
                yield "[" + String.join(",", items) + "]";
            }
            case KVLIST_VALUE -> {
                List<String> items = new ArrayList<>();
                v.getKvlistValue().getValuesList().forEach(kv -> items.add("\"" + kv.getKey() + "\":"
                        + (kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE ? "\"" + kv.getValue().getStringValue() + "\"" : plain(kv.getValue()))));
                yield "{" + String.join(",", items) + "}";
            }
            case STRING_VALUE_STRINDEX -> "#" + v.getStringValueStrindex();
            case VALUE_NOT_SET -> "";
        };
    }

    private static String attributesInline(List<KeyValue> attributes, String separator) {
        StringBuilder sb = new StringBuilder();
        for (KeyValue kv : attributes) {
            sb.append(separator).append(kv.getKey()).append('=').append(plain(kv.getValue()));
        }
        return sb.toString();
    }

    private static String scopeInline(InstrumentationScope scope) {
        if (scope.getName().isEmpty()) {
            return "";
        }
        return " " + scope.getName() + (scope.getVersion().isEmpty() ? "" : "@" + scope.getVersion());
    }

    static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    /** Go's {@code time.Time} text: {@code 2024-05-01 12:00:00.123456789 +0000 UTC}, trailing zeros trimmed. */
    static String time(long unixNanos) {
        Instant t = Instant.ofEpochSecond(0, unixNanos);
        String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return TIME.format(t) + (fraction.isEmpty() ? "" : "." + fraction) + " +0000 UTC";
    }

    static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_INTERNAL -> "Internal";
            case SPAN_KIND_SERVER -> "Server";
            case SPAN_KIND_CLIENT -> "Client";
            case SPAN_KIND_PRODUCER -> "Producer";
            case SPAN_KIND_CONSUMER -> "Consumer";
            default -> "Unspecified";
        };
    }

    static String status(Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> "Ok";
            case STATUS_CODE_ERROR -> "Error";
            default -> "Unset";
        };
    }

    private static String dataType(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> "Gauge";
            case SUM -> "Sum";
            case HISTOGRAM -> "Histogram";
            case EXPONENTIAL_HISTOGRAM -> "ExponentialHistogram";
            case SUMMARY -> "Summary";
            case DATA_NOT_SET -> "Empty";
        };
    }

    private static String temporality(int value) {
        return switch (value) {
            case 1 -> "Delta";
            case 2 -> "Cumulative";
            default -> "Unspecified";
        };
    }

    private static String format(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
