package io.sockscope.pipeline.exporter.debug;

import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static io.sockscope.pipeline.testing.TestData.attr;
import static org.assertj.core.api.Assertions.assertThat;

class DebugExporterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final SelfTelemetry telemetry = new SelfTelemetry();

    private DebugExporterFactory.DebugExporter exporter(DebugConfig.Verbosity verbosity) {
        var made = new DebugExporterFactory(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .create(new ComponentContext("debug", telemetry), new DebugConfig(verbosity, 1000, 1), Set.of(Signal.TRACES, Signal.METRICS));
        assertThat(made.traces()).isSameAs(made.metrics());
        return (DebugExporterFactory.DebugExporter) made.traces();
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static final List<io.opentelemetry.proto.trace.v1.ResourceSpans> TRACES = List.of(TestData.resourceSpans("shop",
            TestData.span("GET /users/{id}", attr("http.request.method", "GET"), attr("http.response.status_code", 200L)),
            TestData.span("GET /health")));

    @Test
    void basicPrintsOneLineWithCounts() {
        var e = exporter(DebugConfig.Verbosity.BASIC);
        e.consumeTraces(TRACES);
        e.consumeMetrics(TestData.metrics(TestData.gauge("g", 1, 2)));
        assertThat(output()).isEqualTo("""
                Traces\t{"resource spans": 1, "spans": 2}
                Metrics\t{"resource metrics": 1, "metrics": 1, "data points": 2}
                """);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "debug"))).isEqualTo(2);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_metric_points", "exporter", "debug"))).isEqualTo(2);
    }

    @Test
    void normalPrintsOneLinePerSpan() {
        exporter(DebugConfig.Verbosity.NORMAL).consumeTraces(TRACES);
        assertThat(output()).isEqualTo("""
                ResourceSpans #0 service.name=shop
                ScopeSpans #0 sockscope@0.1.0
                GET /users/{id} Server 5b8efff798038103d269b633813fc60c eee19b7ec3c1b174 12.3ms Ok http.request.method=GET http.response.status_code=200
                GET /health Server 5b8efff798038103d269b633813fc60c eee19b7ec3c1b174 12.3ms Ok
                """);
    }

    @Test
    void normalPrintsOneLinePerDataPoint() {
        exporter(DebugConfig.Verbosity.NORMAL).consumeMetrics(TestData.metrics(TestData.gauge("queue.size", 3, 4)));
        assertThat(output()).isEqualTo("""
                ResourceMetrics #0 service.name=svc
                ScopeMetrics #0 sockscope
                queue.size{k=v} 3
                queue.size{k=v} 4
                """);
    }

    @Test
    void detailedPrintsEverythingIncludingResourceAttributes() {
        exporter(DebugConfig.Verbosity.DETAILED).consumeTraces(List.of(TRACES.getFirst().toBuilder()
                .setScopeSpans(0, TRACES.getFirst().getScopeSpans(0).toBuilder().removeSpans(1)).build()));
        assertThat(output()).isEqualTo("""
                ResourceSpans #0
                Resource SchemaURL: \n\
                Resource attributes:
                     -> service.name: Str(shop)
                ScopeSpans #0
                ScopeSpans SchemaURL: \n\
                InstrumentationScope sockscope 0.1.0
                Span #0
                    Trace ID       : 5b8efff798038103d269b633813fc60c
                    Parent ID      : \n\
                    ID             : eee19b7ec3c1b174
                    Name           : GET /users/{id}
                    Kind           : Server
                    Start time     : 2023-11-14 22:13:20 +0000 UTC
                    End time       : 2023-11-14 22:13:20.0123 +0000 UTC
                    Status code    : Ok
                    Status message : \n\
                Attributes:
                     -> http.request.method: Str(GET)
                     -> http.response.status_code: Int(200)
                """);
    }

    @Test
    void detailedMetricsShowHistogramBuckets() {
        Metric histogram = Metric.newBuilder().setName("http.server.request.duration").setUnit("s")
                .setHistogram(Histogram.newBuilder().setAggregationTemporalityValue(2).addDataPoints(HistogramDataPoint.newBuilder()
                        .addAttributes(attr("http.request.method", "GET")).setCount(3).setSum(0.5)
                        .addExplicitBounds(0.1).addBucketCounts(1).addBucketCounts(2)))
                .build();
        exporter(DebugConfig.Verbosity.DETAILED).consumeMetrics(TestData.metrics(histogram));
        assertThat(output()).contains("""
                Metric #0
                Descriptor:
                     -> Name: http.server.request.duration
                     -> Description: \n\
                     -> Unit: s
                     -> DataType: Histogram
                     -> AggregationTemporality: Cumulative
                HistogramDataPoints #0
                Data point attributes:
                     -> http.request.method: Str(GET)
                StartTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                Count: 3
                Sum: 0.5
                ExplicitBounds #0: 0.1
                Buckets #0, Count: 1
                Buckets #1, Count: 2
                """);
    }
}
