package io.sockscope.pipeline.connector.spanmetrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.sockscope.pipeline.DataRefusedException;
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

class SpanMetricsConnectorTest {
    private final List<List<ResourceMetrics>> out = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(TestData.START);
    private final SelfTelemetry telemetry = new SelfTelemetry();

    private SpanMetricsConnector connector(SpanMetricsConfig config) {
        config.validate();
        return new SpanMetricsConnector(new ComponentContext("spanmetrics", telemetry), config, out::add, clock::get);
    }

    private static SpanMetricsConfig config(List<SpanMetricsConfig.Dimension> dims, String unit, String temporality) {
        SpanMetricsConfig d = SpanMetricsConfig.defaults();
        return new SpanMetricsConfig(dims, List.of(), new SpanMetricsConfig.Histogram(false, unit, null), temporality,
                d.metricsFlushInterval(), d.namespace(), 0);
    }

    private static Span span(String name, Span.SpanKind kind, Status.StatusCode status, long millis, KeyValue... attributes) {
        return TestData.span(name, attributes).toBuilder().setKind(kind).setStatus(Status.newBuilder().setCode(status))
                .setEndTimeUnixNano(TestData.START + millis * 1_000_000).build();
    }

    private static List<ResourceSpans> traffic() {
        return new ArrayList<>(List.of(
                TestData.resourceSpans("shop",
                        span("GET /cart", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_UNSET, 3,
                                attr("http.response.status_code", 200L)),
                        span("GET /cart", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_UNSET, 70,
                                attr("http.response.status_code", 200L)),
                        span("GET", Span.SpanKind.SPAN_KIND_CLIENT, Status.StatusCode.STATUS_CODE_ERROR, 1)),
                TestData.resourceSpans("cart",
                        span("GET /cart", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_ERROR, 20_000,
                                attr("http.response.status_code", 500L))),
                ResourceSpans.newBuilder().addScopeSpans(TestData.resourceSpans("x",
                        span("no service", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_OK, 1)).getScopeSpans(0)).build()));
    }

    /** Data points of one metric by their attributes written as k=v,k=v. */
    private static Map<String, Object> points(List<ResourceMetrics> rms, String service, String metric) {
        Map<String, Object> byAttributes = new LinkedHashMap<>();
        for (ResourceMetrics rm : rms) {
            if (!rm.getResource().equals(Resource.newBuilder().addAttributes(attr("service.name", service)).build())) {
                continue;
            }
            for (Metric m : rm.getScopeMetrics(0).getMetricsList()) {
                if (!m.getName().equals(metric)) {
                    continue;
                }
                if (m.hasSum()) {
                    for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                        byAttributes.put(text(p.getAttributesList()), p);
                    }
                } else {
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        byAttributes.put(text(p.getAttributesList()), p);
                    }
                }
            }
        }
        return byAttributes;
    }

    private static String text(List<KeyValue> attributes) {
        List<String> parts = new ArrayList<>();
        for (KeyValue kv : attributes) {
            AnyValue v = kv.getValue();
            parts.add(kv.getKey() + "=" + (v.hasStringValue() ? v.getStringValue() : v.hasIntValue() ? Long.toString(v.getIntValue())
                    : v.toString().strip()));
        }
        return String.join(",", parts);
    }

    @Test
    void countsCallsAndDurationsByServiceNameKindStatusAndDimensions() {
        SpanMetricsConnector c = connector(config(List.of(new SpanMetricsConfig.Dimension("http.response.status_code", null)),
                "ms", SpanMetricsConfig.CUMULATIVE));
        c.consumeTraces(traffic());
        clock.addAndGet(60_000_000_000L);
        c.flush();

        assertThat(out).hasSize(1);
        List<ResourceMetrics> rms = out.getFirst();
        assertThat(rms).hasSize(2); // one resource per service.name; the span without one is skipped
        assertThat(rms.getFirst().getScopeMetrics(0).getScope().getName()).isEqualTo("spanmetricsconnector");
        Metric calls = rms.getFirst().getScopeMetrics(0).getMetrics(0);
        assertThat(calls.getName()).isEqualTo("traces.span.metrics.calls");
        assertThat(calls.getSum().getIsMonotonic()).isTrue();
        assertThat(calls.getSum().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        Metric duration = rms.getFirst().getScopeMetrics(0).getMetrics(1);
        assertThat(duration.getName()).isEqualTo("traces.span.metrics.duration");
        assertThat(duration.getUnit()).isEqualTo("ms");

        Map<String, Object> shopCalls = points(rms, "shop", "traces.span.metrics.calls");
        assertThat(shopCalls).containsOnlyKeys(
                "service.name=shop,span.name=GET /cart,span.kind=SPAN_KIND_SERVER,status.code=STATUS_CODE_UNSET,http.response.status_code=200",
                "service.name=shop,span.name=GET,span.kind=SPAN_KIND_CLIENT,status.code=STATUS_CODE_ERROR");
        NumberDataPoint cartCalls = (NumberDataPoint) shopCalls.get(
                "service.name=shop,span.name=GET /cart,span.kind=SPAN_KIND_SERVER,status.code=STATUS_CODE_UNSET,http.response.status_code=200");
        assertThat(cartCalls.getAsInt()).isEqualTo(2);
        assertThat(cartCalls.getStartTimeUnixNano()).isEqualTo(TestData.START);
        assertThat(cartCalls.getTimeUnixNano()).isEqualTo(TestData.START + 60_000_000_000L);
        assertThat(((NumberDataPoint) shopCalls.get("service.name=shop,span.name=GET,span.kind=SPAN_KIND_CLIENT,status.code=STATUS_CODE_ERROR"))
                .getAsInt()).isEqualTo(1);

        HistogramDataPoint cart = (HistogramDataPoint) points(rms, "shop", "traces.span.metrics.duration")
                .get("service.name=shop,span.name=GET /cart,span.kind=SPAN_KIND_SERVER,status.code=STATUS_CODE_UNSET,http.response.status_code=200");
        assertThat(cart.getExplicitBoundsList()).containsExactly(2.0, 4.0, 6.0, 8.0, 10.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1000.0,
                1400.0, 2000.0, 5000.0, 10_000.0, 15_000.0);
        assertThat(cart.getCount()).isEqualTo(2);
        assertThat(cart.getSum()).isEqualTo(73.0);
        assertThat(cart.getBucketCounts(1)).isEqualTo(1); // 3 ms in (2, 4]
        assertThat(cart.getBucketCounts(6)).isEqualTo(1); // 70 ms in (50, 100]

        HistogramDataPoint slow = (HistogramDataPoint) points(rms, "cart", "traces.span.metrics.duration").values().iterator().next();
        assertThat(slow.getBucketCounts(16)).isEqualTo(1); // 20 s: above the last bound
        assertThat(points(rms, "cart", "traces.span.metrics.calls")).containsOnlyKeys(
                "service.name=cart,span.name=GET /cart,span.kind=SPAN_KIND_SERVER,status.code=STATUS_CODE_ERROR,http.response.status_code=500");
    }

    @Test
    void secondsUnitDividesTheDefaultBuckets() {
        SpanMetricsConnector c = connector(config(List.of(), "s", SpanMetricsConfig.CUMULATIVE));
        c.consumeTraces(traffic());
        c.flush();
        HistogramDataPoint cart = (HistogramDataPoint) points(out.getFirst(), "shop", "traces.span.metrics.duration")
                .get("service.name=shop,span.name=GET /cart,span.kind=SPAN_KIND_SERVER,status.code=STATUS_CODE_UNSET");
        assertThat(out.getFirst().getFirst().getScopeMetrics(0).getMetrics(1).getUnit()).isEqualTo("s");
        assertThat(cart.getExplicitBoundsList()).startsWith(0.002, 0.004).endsWith(10.0, 15.0);
        assertThat(cart.getSum()).isCloseTo(0.073, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void defaultValueFillsAMissingDimensionAndExcludedDefaultsAreLeftOut() {
        SpanMetricsConfig d = SpanMetricsConfig.defaults();
        SpanMetricsConnector c = connector(new SpanMetricsConfig(List.of(new SpanMetricsConfig.Dimension("http.response.status_code", "none")),
                List.of("status.code"), d.histogram(), d.aggregationTemporality(), d.metricsFlushInterval(), d.namespace(), 0));
        c.consumeTraces(traffic());
        c.flush();
        assertThat(points(out.getFirst(), "shop", "traces.span.metrics.calls")).containsOnlyKeys(
                "service.name=shop,span.name=GET /cart,span.kind=SPAN_KIND_SERVER,http.response.status_code=200",
                "service.name=shop,span.name=GET,span.kind=SPAN_KIND_CLIENT,http.response.status_code=none");
    }

    @Test
    void cumulativeKeepsCountingAndDeltaStartsOverEachFlush() {
        SpanMetricsConnector cumulative = connector(config(List.of(), "ms", "AGGREGATION_TEMPORALITY_CUMULATIVE"));
        cumulative.consumeTraces(traffic());
        cumulative.flush();
        cumulative.consumeTraces(traffic());
        clock.addAndGet(1_000);
        cumulative.flush();
        NumberDataPoint second = (NumberDataPoint) points(out.get(1), "cart", "traces.span.metrics.calls").values().iterator().next();
        assertThat(second.getAsInt()).isEqualTo(2);
        assertThat(second.getStartTimeUnixNano()).isEqualTo(TestData.START);

        out.clear();
        clock.set(TestData.START);
        SpanMetricsConnector delta = connector(config(List.of(), "ms", "AGGREGATION_TEMPORALITY_DELTA"));
        delta.consumeTraces(traffic());
        clock.addAndGet(5_000);
        delta.flush();
        delta.flush(); // nothing new: nothing sent
        delta.consumeTraces(traffic());
        clock.addAndGet(5_000);
        delta.flush();
        assertThat(out).hasSize(2);
        Metric calls = out.get(1).getFirst().getScopeMetrics(0).getMetrics(0);
        assertThat(calls.getSum().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        NumberDataPoint p = (NumberDataPoint) points(out.get(1), "cart", "traces.span.metrics.calls").values().iterator().next();
        assertThat(p.getAsInt()).isEqualTo(1);
        assertThat(p.getStartTimeUnixNano()).isEqualTo(TestData.START + 5_000);
    }

    @Test
    void shutdownHandsOnTheLastMetricsOnceAndRefusalsAreCounted() {
        SpanMetricsConnector c = connector(config(List.of(), "ms", SpanMetricsConfig.CUMULATIVE));
        c.start();
        c.consumeTraces(traffic());
        c.shutdown();
        c.shutdown();
        assertThat(out).hasSize(1);
        assertThat(points(out.getFirst(), "shop", "traces.span.metrics.calls")).hasSize(2);

        SpanMetricsConnector refused = new SpanMetricsConnector(new ComponentContext("spanmetrics/r", telemetry), SpanMetricsConfig.defaults(),
                m -> {
                    throw new DataRefusedException("full");
                }, clock::get);
        refused.consumeTraces(traffic());
        refused.flush();
        assertThat(telemetry.value(SelfTelemetry.series("sockscope_connector_send_failed_metric_points", "connector", "spanmetrics/r")))
                .isEqualTo(6); // 3 series, calls and duration each
    }

    @Test
    void flushesOnItsOwnEveryInterval() throws InterruptedException {
        SpanMetricsConfig d = SpanMetricsConfig.defaults();
        List<List<ResourceMetrics>> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        SpanMetricsConnector c = new SpanMetricsConnector(new ComponentContext("spanmetrics", telemetry),
                new SpanMetricsConfig(List.of(), List.of(), d.histogram(), d.aggregationTemporality(), Duration.ofMillis(50), d.namespace(), 0),
                got::add, clock::get);
        c.start();
        c.consumeTraces(traffic());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        c.shutdown();
        assertThat(got).isNotEmpty();
    }
}
