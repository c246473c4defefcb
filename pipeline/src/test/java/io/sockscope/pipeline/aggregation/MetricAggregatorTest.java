package io.sockscope.pipeline.aggregation;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetricAggregatorTest {
    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("test").build();
    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
    private static final Resource A = resource("a");
    private static final Resource B = resource("b");

    @Test
    void histogramCountsEveryMeasurementInItsBucketPerResourceAndAttributes() {
        MetricAggregator agg = new MetricAggregator(SCOPE, "schema", Temporality.CUMULATIVE, 2000, 100);
        MetricAggregator.Histogram h = agg.histogram("http.server.request.duration", "d", "s", BOUNDS);
        for (int i = 0; i < 7; i++) {
            h.record(A, List.of(kv("http.request.method", "GET")), 0.003, 200);
        }
        h.record(A, List.of(kv("http.request.method", "GET")), 0.01, 200); // upper bound is inclusive
        h.record(A, List.of(kv("http.request.method", "POST")), 20, 200); // past the last bound
        h.record(B, List.of(kv("http.request.method", "GET")), 0.3, 200);

        List<ResourceMetrics> out = agg.collect(1000);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).getResource()).isEqualTo(A);
        assertThat(out.get(0).getSchemaUrl()).isEqualTo("schema");
        Metric m = out.get(0).getScopeMetrics(0).getMetrics(0);
        assertThat(m.getName()).isEqualTo("http.server.request.duration");
        assertThat(m.getUnit()).isEqualTo("s");
        assertThat(m.getHistogram().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        HistogramDataPoint get = point(m, "GET");
        assertThat(get.getCount()).isEqualTo(8);
        assertThat(get.getBucketCountsList()).hasSize(15);
        assertThat(get.getBucketCounts(0)).isEqualTo(7);
        assertThat(get.getBucketCounts(1)).isEqualTo(1);
        assertThat(get.getMin()).isEqualTo(0.003);
        assertThat(get.getMax()).isEqualTo(0.01);
        assertThat(get.getSum()).isCloseTo(0.031, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(get.getExplicitBoundsList()).hasSize(14);
        assertThat(get.getStartTimeUnixNano()).isEqualTo(200);
        assertThat(get.getTimeUnixNano()).isEqualTo(1000);
        assertThat(point(m, "POST").getBucketCounts(14)).isEqualTo(1);
        assertThat(point(out.get(1).getScopeMetrics(0).getMetrics(0), "GET").getCount()).isEqualTo(1);
    }

    @Test
    void cumulativeKeepsCountingDeltaStartsOverAndSkipsQuietSeries() {
        for (Temporality t : Temporality.values()) {
            MetricAggregator agg = new MetricAggregator(SCOPE, null, t, 2000, 100);
            MetricAggregator.Counter c = agg.counter("calls", "", "1");
            c.add(A, List.of(), 3, 150);
            List<ResourceMetrics> first = agg.collect(1000);
            c.add(A, List.of(), 2, 1500);
            List<ResourceMetrics> second = agg.collect(2000);
            List<ResourceMetrics> third = agg.collect(3000);
            var p1 = first.get(0).getScopeMetrics(0).getMetrics(0).getSum().getDataPoints(0);
            var p2 = second.get(0).getScopeMetrics(0).getMetrics(0).getSum().getDataPoints(0);
            assertThat(first.get(0).getScopeMetrics(0).getMetrics(0).getSum().getIsMonotonic()).isTrue();
            assertThat(first.get(0).getScopeMetrics(0).getMetrics(0).getSum().getAggregationTemporality()).isEqualTo(t.otlp());
            if (t == Temporality.CUMULATIVE) {
                assertThat(p1.getAsInt()).isEqualTo(3);
                assertThat(p2.getAsInt()).isEqualTo(5);
                assertThat(p2.getStartTimeUnixNano()).isEqualTo(150);
                assertThat(third).hasSize(1);
            } else {
                assertThat(p1.getAsInt()).isEqualTo(3);
                assertThat(p1.getStartTimeUnixNano()).isEqualTo(100);
                assertThat(p2.getAsInt()).isEqualTo(2);
                assertThat(p2.getStartTimeUnixNano()).isEqualTo(1000);
                assertThat(third).isEmpty();
            }
        }
    }

    @Test
    void seriesPastTheCardinalityLimitGoToTheOverflowSeries() {
        MetricAggregator agg = new MetricAggregator(SCOPE, null, Temporality.CUMULATIVE, 10, 0);
        MetricAggregator.Histogram h = agg.histogram("h", "", "s", BOUNDS);
        for (int i = 0; i < 100; i++) {
            h.record(A, List.of(kv("route", "/r" + i)), 0.001, 1);
        }
        h.record(A, List.of(kv("route", "/r0")), 0.001, 1); // an existing series still counts as itself
        Metric m = agg.collect(2).get(0).getScopeMetrics(0).getMetrics(0);
        assertThat(m.getHistogram().getDataPointsCount()).isEqualTo(10);
        long total = m.getHistogram().getDataPointsList().stream().mapToLong(HistogramDataPoint::getCount).sum();
        assertThat(total).isEqualTo(101);
        HistogramDataPoint overflow = m.getHistogram().getDataPointsList().stream()
                .filter(p -> p.getAttributesList().equals(List.of(MetricAggregator.OVERFLOW))).findFirst().orElseThrow();
        assertThat(overflow.getCount()).isEqualTo(91);
        assertThat(agg.overflowed()).isEqualTo(91);
        assertThat(point(m, "/r0").getCount()).isEqualTo(2);
    }

    @Test
    void nonFiniteValuesAndNegativeIncrementsAreIgnored() {
        MetricAggregator agg = new MetricAggregator(SCOPE, null, Temporality.CUMULATIVE, 10, 0);
        agg.histogram("h", "", "s", BOUNDS).record(A, List.of(), Double.NaN, 1);
        agg.counter("c", "", "1").add(A, List.of(), -1, 1);
        assertThat(agg.collect(2)).isEmpty();
    }

    private static HistogramDataPoint point(Metric m, String firstValue) {
        return m.getHistogram().getDataPointsList().stream()
                .filter(p -> p.getAttributesCount() > 0 && p.getAttributes(0).getValue().getStringValue().equals(firstValue))
                .findFirst().orElseThrow();
    }

    private static Resource resource(String name) {
        return Resource.newBuilder().addAttributes(kv("service.name", name)).build();
    }

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }
}
