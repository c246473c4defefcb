package io.sockscope.pipeline.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Small OTLP payloads for tests. */
public final class TestData {
    private TestData() {
    }

    public static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
    }

    /** One resource with {@code n} spans named {@code name-0}, {@code name-1}, ... with random ids. */
    public static List<ResourceSpans> spans(String name, int n) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("sockscope-test"));
        for (int i = 0; i < n; i++) {
            scope.addSpans(Span.newBuilder()
                    .setTraceId(randomBytes(16))
                    .setSpanId(randomBytes(8))
                    .setName(name + "-" + i)
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(1_700_000_000_000_000_000L)
                    .setEndTimeUnixNano(1_700_000_000_001_000_000L));
        }
        List<ResourceSpans> out = new ArrayList<>();
        out.add(ResourceSpans.newBuilder().setResource(resource("test-service")).addScopeSpans(scope).build());
        return out;
    }

    /** One gauge with {@code n} data points, the first with an exemplar. */
    public static List<ResourceMetrics> gauge(String name, int n) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (int i = 0; i < n; i++) {
            NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setAsInt(i).setTimeUnixNano(1_700_000_000_000_000_000L);
            if (i == 0) {
                p.addExemplars(Exemplar.newBuilder().setAsDouble(1.5).setTraceId(randomBytes(16)).setSpanId(randomBytes(8)));
            }
            gauge.addDataPoints(p);
        }
        List<ResourceMetrics> out = new ArrayList<>();
        out.add(ResourceMetrics.newBuilder().setResource(resource("test-service"))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(name).setGauge(gauge)))
                .build());
        return out;
    }

    public static List<String> spanNames(List<ResourceSpans> data) {
        return data.stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).map(Span::getName).toList();
    }

    private static ByteString randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return ByteString.copyFrom(b);
    }
}
