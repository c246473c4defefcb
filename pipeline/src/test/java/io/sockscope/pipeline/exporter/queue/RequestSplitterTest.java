package io.sockscope.pipeline.exporter.queue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSplitterTest {
    private static ResourceSpans resource(String service, int spans, int attrBytes) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("io.sockscope"));
        for (int i = 0; i < spans; i++) {
            scope.addSpans(Span.newBuilder().setName("GET").setTraceId(ByteString.copyFrom(new byte[16]))
                    .setSpanId(ByteString.copyFrom(new byte[8])).addAttributes(KeyValue.newBuilder().setKey("url.path")
                            .setValue(AnyValue.newBuilder().setStringValue("/" + "x".repeat(attrBytes) + i))));
        }
        return ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service)))).addScopeSpans(scope).build();
    }

    private static int spans(List<ResourceSpans> part) {
        return part.stream().flatMap(r -> r.getScopeSpansList().stream()).mapToInt(ScopeSpans::getSpansCount).sum();
    }

    @Test
    void aBatchThatFitsIsSentAsIs() {
        List<ResourceSpans> batch = List.of(resource("a", 10, 10), resource("b", 10, 10));
        assertThat(RequestSplitter.split(batch, 1 << 20)).containsExactly(batch);
    }

    @Test
    void aLargeBatchIsCutUnderTheLimitWithEverySpanKeptOnceWithItsResource() {
        List<ResourceSpans> batch = new ArrayList<>();
        batch.add(resource("small", 5, 10));
        batch.add(resource("huge", 20_000, 200)); // ~4.5 MB alone
        batch.add(resource("other", 300, 100));
        int max = 1 << 20;
        List<List<ResourceSpans>> parts = RequestSplitter.split(batch, max);
        assertThat(parts.size()).isGreaterThan(4);
        int total = 0;
        for (List<ResourceSpans> part : parts) {
            long bytes = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder().addAllResourceSpans(part)
                    .build().getSerializedSize();
            assertThat(bytes).isLessThanOrEqualTo(max);
            total += spans(part);
            part.forEach(r -> assertThat(r.getResource().getAttributes(0).getValue().getStringValue()).isIn("small", "huge", "other"));
        }
        assertThat(total).isEqualTo(20_305);
    }

    @Test
    void metricsAreCutByWholeMetricsUnderTheLimitInOrder() {
        io.opentelemetry.proto.metrics.v1.ScopeMetrics.Builder scope = io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("io.sockscope"));
        for (int m = 0; m < 40; m++) {
            io.opentelemetry.proto.metrics.v1.Sum.Builder sum = io.opentelemetry.proto.metrics.v1.Sum.newBuilder();
            for (int i = 0; i < 1000; i++) {
                sum.addDataPoints(io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder().setAsInt(i)
                        .addAttributes(KeyValue.newBuilder().setKey("server.port").setValue(AnyValue.newBuilder().setIntValue(i))));
            }
            scope.addMetrics(io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName("m" + m).setSum(sum));
        }
        io.opentelemetry.proto.metrics.v1.ResourceMetrics big = io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("nginx")))).addScopeMetrics(scope).build();
        io.opentelemetry.proto.metrics.v1.ResourceMetrics small = big.toBuilder().clearScopeMetrics()
                .addScopeMetrics(scope.build().toBuilder().clearMetrics().addMetrics(scope.getMetrics(0))).build();
        int max = 64 << 10;

        List<List<io.opentelemetry.proto.metrics.v1.ResourceMetrics>> parts = RequestSplitter.splitMetrics(List.of(small, big), max);

        assertThat(RequestSplitter.splitMetrics(List.of(small), max)).containsExactly(List.of(small));
        List<String> names = new ArrayList<>();
        for (var part : parts) {
            assertThat(io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(part)
                    .build().getSerializedSize()).isLessThanOrEqualTo(max);
            for (var rm : part) {
                assertThat(rm.getResource()).isEqualTo(big.getResource());
                assertThat(rm.getScopeMetrics(0).getScope().getName()).isEqualTo("io.sockscope");
                rm.getScopeMetrics(0).getMetricsList().forEach(metric -> {
                    assertThat(metric.getSum().getDataPointsCount()).isEqualTo(1000); // never cut inside a metric
                    names.add(metric.getName());
                });
            }
        }
        List<String> expected = new ArrayList<>(List.of("m0"));
        for (int m = 0; m < 40; m++) {
            expected.add("m" + m);
        }
        assertThat(parts.size()).isGreaterThan(10);
        assertThat(names).containsExactlyElementsOf(expected);
    }
}
