package io.sockscope.pipeline.connector.servicegraph;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.sockscope.pipeline.testing.TestData.attr;
import static org.assertj.core.api.Assertions.assertThat;

class ServiceGraphConnectorTest {
    private static final long MS = 1_000_000;
    private static final long T0 = TestData.START;
    private static final String EDGE = "client=frontend,server=cart,connection_type=,failed=false";

    private final List<List<ResourceMetrics>> out = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(T0);
    private final SelfTelemetry telemetry = new SelfTelemetry();
    private int nextId = 1;

    private ServiceGraphConnector connector(ServiceGraphConfig config) {
        config.validate();
        return new ServiceGraphConnector(new ComponentContext("servicegraph", telemetry), config, out::add, clock::get);
    }

    private ServiceGraphConnector connector() {
        return connector(ServiceGraphConfig.defaults());
    }

    private static ServiceGraphConfig withStore(int maxItems, List<String> dimensions) {
        ServiceGraphConfig d = ServiceGraphConfig.defaults();
        return new ServiceGraphConfig(null, dimensions, new ServiceGraphConfig.Store(Duration.ofSeconds(2), maxItems), d.storeExpirationLoop(),
                d.metricsFlushInterval(), d.databaseNameAttributes());
    }

    private ByteString id(int bytes) {
        byte[] b = new byte[bytes];
        b[bytes - 1] = (byte) nextId;
        b[0] = (byte) (nextId++ >> 8);
        return ByteString.copyFrom(b);
    }

    private static Span span(Span.SpanKind kind, long startMs, long endMs, KeyValue... attributes) {
        return Span.newBuilder().setName("GET").setKind(kind).setStartTimeUnixNano(T0 + startMs * MS).setEndTimeUnixNano(T0 + endMs * MS)
                .addAllAttributes(List.of(attributes)).build();
    }

    private static List<ResourceSpans> batch(String service, String scope, Span... spans) {
        return new ArrayList<>(List.of(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(scope)).addAllSpans(List.of(spans)))
                .build()));
    }

    private static List<ResourceSpans> sdk(String service, Span... spans) {
        return batch(service, "io.opentelemetry.okhttp", spans);
    }

    private static List<ResourceSpans> kernel(String service, Span... spans) {
        return batch(service, "io.sockscope", spans);
    }

    /** The edges: metric name → attributes as k=v,... → the point. */
    private Map<String, Map<String, Object>> flush(ServiceGraphConnector c) {
        out.clear();
        c.flush();
        Map<String, Map<String, Object>> byMetric = new LinkedHashMap<>();
        for (List<ResourceMetrics> rms : out) {
            for (ResourceMetrics rm : rms) {
                assertThat(rm.getResource()).isEqualTo(Resource.getDefaultInstance());
                assertThat(rm.getScopeMetrics(0).getScope().getName()).isEqualTo("traces_service_graph");
                for (Metric m : rm.getScopeMetrics(0).getMetricsList()) {
                    Map<String, Object> points = byMetric.computeIfAbsent(m.getName(), k -> new LinkedHashMap<>());
                    if (m.hasSum()) {
                        assertThat(m.getSum().getIsMonotonic()).isTrue();
                        assertThat(m.getSum().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                        m.getSum().getDataPointsList().forEach(p -> points.put(text(p.getAttributesList()), p));
                    } else {
                        assertThat(m.getUnit()).isEqualTo("s");
                        m.getHistogram().getDataPointsList().forEach(p -> points.put(text(p.getAttributesList()), p));
                    }
                }
            }
        }
        return byMetric;
    }

    private static String text(List<KeyValue> attributes) {
        List<String> parts = new ArrayList<>();
        for (KeyValue kv : attributes) {
            AnyValue v = kv.getValue();
            parts.add(kv.getKey() + "=" + (v.hasStringValue() ? v.getStringValue() : v.hasBoolValue() ? Boolean.toString(v.getBoolValue())
                    : v.toString().strip()));
        }
        return String.join(",", parts);
    }

    private static long count(Map<String, Map<String, Object>> metrics, String edge) {
        Object p = metrics.getOrDefault("traces_service_graph_request_total", Map.of()).get(edge);
        return p == null ? 0 : ((NumberDataPoint) p).getAsInt();
    }

    private long counter(String name) {
        return telemetry.value(SelfTelemetry.series(name, "connector", "servicegraph"));
    }

    @Test
    void pairsClientAndServerByParentSpanIdInEitherOrder() {
        ServiceGraphConnector c = connector();
        ByteString trace = id(16);
        ByteString clientId = id(8);
        c.consumeTraces(sdk("frontend", span(Span.SpanKind.SPAN_KIND_CLIENT, 0, 30).toBuilder().setTraceId(trace).setSpanId(clientId).build()));
        c.consumeTraces(sdk("cart", span(Span.SpanKind.SPAN_KIND_SERVER, 5, 25).toBuilder().setTraceId(trace).setSpanId(id(8))
                .setParentSpanId(clientId).build()));
        ByteString trace2 = id(16);
        ByteString clientId2 = id(8);
        c.consumeTraces(sdk("cart", span(Span.SpanKind.SPAN_KIND_SERVER, 100, 700).toBuilder().setTraceId(trace2).setSpanId(id(8))
                .setParentSpanId(clientId2).build()));
        c.consumeTraces(sdk("frontend", span(Span.SpanKind.SPAN_KIND_CLIENT, 90, 710).toBuilder().setTraceId(trace2).setSpanId(clientId2).build()));

        Map<String, Map<String, Object>> m = flush(c);
        assertThat(m).containsOnlyKeys("traces_service_graph_request_total", "traces_service_graph_request_server_seconds",
                "traces_service_graph_request_client_seconds"); // no failed requests: no failed_total
        assertThat(m.get("traces_service_graph_request_total")).containsOnlyKeys(EDGE);
        assertThat(count(m, EDGE)).isEqualTo(2);
        HistogramDataPoint server = (HistogramDataPoint) m.get("traces_service_graph_request_server_seconds").get(EDGE);
        assertThat(server.getExplicitBoundsList()).containsExactly(0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0, 1.4, 2.0,
                5.0, 10.0, 15.0);
        assertThat(server.getCount()).isEqualTo(2);
        assertThat(server.getSum()).isCloseTo(0.62, org.assertj.core.data.Offset.offset(1e-9));
        HistogramDataPoint client = (HistogramDataPoint) m.get("traces_service_graph_request_client_seconds").get(EDGE);
        assertThat(client.getSum()).isCloseTo(0.65, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(client.getBucketCounts(5)).isEqualTo(1); // 30 ms in (10 ms, 50 ms]
        assertThat(counter("otelcol_connector_servicegraph_total_edges")).isEqualTo(2);
        assertThat(c.pending()).isZero();
    }

    @Test
    void failedWhenEitherSideFailedWithExtraDimensions() {
        ServiceGraphConnector c = connector(withStore(1000, List.of("http.request.method")));
        ByteString trace = id(16);
        ByteString clientId = id(8);
        c.consumeTraces(sdk("frontend", span(Span.SpanKind.SPAN_KIND_CLIENT, 0, 30, attr("http.request.method", "GET")).toBuilder()
                .setTraceId(trace).setSpanId(clientId).build()));
        c.consumeTraces(sdk("cart", span(Span.SpanKind.SPAN_KIND_SERVER, 5, 25).toBuilder().setTraceId(trace).setSpanId(id(8))
                .setParentSpanId(clientId).setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)).build()));
        Map<String, Map<String, Object>> m = flush(c);
        String edge = "client=frontend,server=cart,connection_type=,failed=true,client_http.request.method=GET";
        assertThat(count(m, edge)).isEqualTo(1);
        assertThat(((NumberDataPoint) m.get("traces_service_graph_request_failed_total").get(edge)).getAsInt()).isEqualTo(1);
    }

    private static Span kernelClient(long startMs, long endMs, int localPort) {
        return span(Span.SpanKind.SPAN_KIND_CLIENT, startMs, endMs, attr("network.peer.address", "127.0.0.1"), attr("network.peer.port", 8000L),
                attr("network.local.address", "127.0.0.1"), attr("network.local.port", (long) localPort), attr("server.port", 8000L));
    }

    private static Span kernelServer(long startMs, long endMs, int clientPort) {
        return span(Span.SpanKind.SPAN_KIND_SERVER, startMs, endMs, attr("network.peer.address", "::ffff:127.0.0.1"),
                attr("network.peer.port", (long) clientPort), attr("network.local.address", "127.0.0.1"),
                attr("network.local.port", 8000L), attr("server.port", 8000L));
    }

    @Test
    void pairsKernelSpansByTheirConnectionAndOverlappingTime() {
        ServiceGraphConnector c = connector();
        // Two requests on one kept-alive connection (port 40000), one on another (40001) overlapping the first.
        c.consumeTraces(kernel("unknown_service:curl", kernelClient(0, 10, 40000), kernelClient(20, 30, 40000), kernelClient(1, 9, 40001)));
        // Server spans arrive later and out of order; each fits exactly one client span.
        c.consumeTraces(kernel("unknown_service:python3", kernelServer(22, 28, 40000), kernelServer(2, 8, 40001), kernelServer(1, 9, 40000)));
        Map<String, Map<String, Object>> m = flush(c);
        String edge = "client=unknown_service:curl,server=unknown_service:python3,connection_type=,failed=false";
        assertThat(count(m, edge)).isEqualTo(3);
        HistogramDataPoint server = (HistogramDataPoint) m.get("traces_service_graph_request_server_seconds").get(edge);
        assertThat(server.getSum()).isCloseTo((6 + 6 + 8) / 1000.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.pending()).isZero();
    }

    @Test
    void withoutLocalAddressesKernelSpansPairByServerPortWhenTheClientContainsTheServer() {
        ServiceGraphConnector c = connector();
        Span client = span(Span.SpanKind.SPAN_KIND_CLIENT, 0, 10, attr("network.peer.address", "127.0.0.1"), attr("network.peer.port", 8000L),
                attr("server.port", 8000L));
        Span notContained = span(Span.SpanKind.SPAN_KIND_SERVER, 5, 15, attr("network.peer.port", 40000L), attr("server.port", 8000L));
        Span contained = span(Span.SpanKind.SPAN_KIND_SERVER, 2, 8, attr("network.peer.port", 40000L), attr("server.port", 8000L));
        c.consumeTraces(kernel("curl", client));
        c.consumeTraces(kernel("python3", notContained));
        assertThat(c.pending()).isEqualTo(2);
        c.consumeTraces(kernel("python3", contained));
        Map<String, Map<String, Object>> m = flush(c);
        assertThat(count(m, "client=curl,server=python3,connection_type=,failed=false")).isEqualTo(1);
        assertThat(c.pending()).isEqualTo(1);

        // The same spans from an SDK are never paired by port alone.
        ServiceGraphConnector sdk = connector();
        sdk.consumeTraces(sdk("curl", client.toBuilder().setTraceId(id(16)).setSpanId(id(8)).build()));
        sdk.consumeTraces(sdk("python3", contained.toBuilder().setTraceId(id(16)).setSpanId(id(8)).build()));
        assertThat(flush(sdk)).isEmpty();
        assertThat(sdk.pending()).isEqualTo(2);
    }

    @Test
    void unpairedHalvesExpireAfterTheirTimeToLiveAndAreCounted() {
        ServiceGraphConnector c = connector();
        c.consumeTraces(sdk("frontend", span(Span.SpanKind.SPAN_KIND_CLIENT, 0, 30).toBuilder().setTraceId(id(16)).setSpanId(id(8)).build()));
        clock.addAndGet(1_999 * MS);
        c.expire();
        assertThat(c.pending()).isEqualTo(1);
        c.consumeTraces(sdk("cart", span(Span.SpanKind.SPAN_KIND_SERVER, 0, 30).toBuilder().setTraceId(id(16)).setSpanId(id(8))
                .setParentSpanId(id(8)).build()));
        clock.addAndGet(MS);
        c.expire();
        assertThat(c.pending()).isEqualTo(1);
        assertThat(counter("otelcol_connector_servicegraph_expired_edges")).isEqualTo(1);
        clock.addAndGet(2_000 * MS);
        c.expire();
        assertThat(counter("otelcol_connector_servicegraph_expired_edges")).isEqualTo(2);
        assertThat(telemetry.value(SelfTelemetry.series("sockscope_connector_servicegraph_pending_edges", "connector", "servicegraph")))
                .isZero();
        assertThat(flush(c)).isEmpty();
    }

    @Test
    void aFullStoreDropsNewHalvesAndCountsThem() {
        ServiceGraphConnector c = connector(withStore(2, List.of()));
        for (int i = 0; i < 3; i++) {
            c.consumeTraces(sdk("frontend", span(Span.SpanKind.SPAN_KIND_CLIENT, 0, 30).toBuilder().setTraceId(id(16)).setSpanId(id(8)).build()));
        }
        assertThat(c.pending()).isEqualTo(2);
        assertThat(counter("otelcol_connector_servicegraph_dropped_spans")).isEqualTo(1);
        // Once the first ones expired there is room again.
        clock.addAndGet(3_000 * MS);
        c.consumeTraces(sdk("frontend", span(Span.SpanKind.SPAN_KIND_CLIENT, 0, 30).toBuilder().setTraceId(id(16)).setSpanId(id(8)).build()));
        assertThat(c.pending()).isEqualTo(1);
        assertThat(counter("otelcol_connector_servicegraph_expired_edges")).isEqualTo(2);
        assertThat(counter("otelcol_connector_servicegraph_dropped_spans")).isEqualTo(1);
    }

    @Test
    void aClientSpanToADatabaseIsAnEdgeOnItsOwn() {
        ServiceGraphConnector c = connector();
        c.consumeTraces(sdk("cart", span(Span.SpanKind.SPAN_KIND_CLIENT, 0, 4, attr("db.name", "orders")).toBuilder()
                .setTraceId(id(16)).setSpanId(id(8)).build()));
        assertThat(count(flush(c), "client=cart,server=orders,connection_type=database,failed=false")).isEqualTo(1);
        assertThat(c.pending()).isZero();
    }

    @Test
    void metricsFlushIntervalZeroHandsMetricsOnAfterEveryBatchAndShutdownFlushes() {
        ServiceGraphConfig d = ServiceGraphConfig.defaults();
        ServiceGraphConnector c = connector(new ServiceGraphConfig(List.of(Duration.ofMillis(10), Duration.ofMillis(100)), List.of(), d.store(),
                d.storeExpirationLoop(), Duration.ZERO, d.databaseNameAttributes()));
        c.start();
        ByteString trace = id(16);
        ByteString clientId = id(8);
        c.consumeTraces(sdk("frontend", span(Span.SpanKind.SPAN_KIND_CLIENT, 0, 30).toBuilder().setTraceId(trace).setSpanId(clientId).build()));
        assertThat(out).isEmpty();
        c.consumeTraces(sdk("cart", span(Span.SpanKind.SPAN_KIND_SERVER, 5, 25).toBuilder().setTraceId(trace).setSpanId(id(8))
                .setParentSpanId(clientId).build()));
        assertThat(out).hasSize(1);
        HistogramDataPoint p = out.getFirst().getFirst().getScopeMetrics(0).getMetrics(1).getHistogram().getDataPoints(0);
        assertThat(p.getExplicitBoundsList()).containsExactly(0.01, 0.1);
        c.shutdown();
        assertThat(out).hasSize(2);
    }

    @Test
    void ipv4MappedAddressesAreOneAddress() {
        assertThat(ServiceGraphConnector.address("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(ServiceGraphConnector.address("::1")).isEqualTo("::1");
        assertThat(ServiceGraphConnector.address("")).isNull();
    }
}
