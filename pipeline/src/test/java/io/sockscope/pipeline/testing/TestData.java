package io.sockscope.pipeline.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Small OTLP payloads for tests. */
public final class TestData {
    public static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    public static final String SPAN_ID = "eee19b7ec3c1b174";
    public static final long START = 1_700_000_000_000_000_000L;

    private TestData() {
    }

    public static KeyValue attr(String key, Object value) {
        AnyValue.Builder v = AnyValue.newBuilder();
        switch (value) {
            case String s -> v.setStringValue(s);
            case Long l -> v.setIntValue(l);
            case Integer i -> v.setIntValue(i);
            case Double d -> v.setDoubleValue(d);
            case Boolean b -> v.setBoolValue(b);
            default -> throw new IllegalArgumentException(String.valueOf(value));
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    public static Span span(String name, KeyValue... attributes) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE_ID)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(SPAN_ID)))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(START)
                .setEndTimeUnixNano(START + 12_300_000)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
                .addAllAttributes(List.of(attributes))
                .build();
    }

    public static ResourceSpans resourceSpans(String service, Span... spans) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("sockscope").setVersion("0.1.0"))
                        .addAllSpans(List.of(spans)))
                .build();
    }

    /** One resource with {@code count} spans named span-0, span-1, ... */
    public static List<ResourceSpans> spans(int count) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spans.add(span("span-" + i));
        }
        return new ArrayList<>(List.of(resourceSpans("svc", spans.toArray(Span[]::new))));
    }

    public static Metric gauge(String name, long... values) {
        Gauge.Builder g = Gauge.newBuilder();
        for (long v : values) {
            g.addDataPoints(NumberDataPoint.newBuilder().setAsInt(v).setTimeUnixNano(START).addAttributes(attr("k", "v")));
        }
        return Metric.newBuilder().setName(name).setUnit("1").setGauge(g).build();
    }

    public static List<ResourceMetrics> metrics(Metric... metrics) {
        return new ArrayList<>(List.of(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", "svc")))
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("sockscope"))
                        .addAllMetrics(List.of(metrics)))
                .build()));
    }
}
