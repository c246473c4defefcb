package io.sockscope.pipeline.assembly;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ConnectorFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.pipeline.processor.batch.BatchProcessorFactory;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestComponents.NoConfig;
import io.sockscope.pipeline.testing.TestComponents.RecordingExporterFactory;
import io.sockscope.pipeline.testing.TestComponents.TestReceiverFactory;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectorAssemblyTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final TestReceiverFactory receivers = new TestReceiverFactory("test", events);
    private final RecordingExporterFactory exporters = new RecordingExporterFactory("recording", events);
    private final ComponentRegistry registry = ComponentRegistry.withBuiltins()
            .register(receivers).register(exporters).register(new RecordingConnectorFactory(events));
    private RunningService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.shutdown();
        }
    }

    private RunningService assemble(String yaml) {
        Validation v = ConfigValidator.validate("config.yaml", yaml, registry, Map.<String, String>of()::get);
        assertThat(v.errors()).isEmpty();
        service = ServiceAssembler.assemble(v.config(), new SelfTelemetry());
        return service;
    }

    @Test
    void spansThroughConnectorsBecomeMetricsFlushedAtShutdown() {
        assemble("""
                receivers: {test: {}}
                processors: {batch: {}}
                connectors:
                  spanmetrics: {}
                  servicegraph: {}
                exporters: {recording/traces: {}, recording/metrics: {}}
                service:
                  pipelines:
                    traces: {receivers: [test], processors: [batch], exporters: [spanmetrics, servicegraph, recording/traces]}
                    metrics: {receivers: [spanmetrics, servicegraph], processors: [batch], exporters: [recording/metrics]}
                """).start();
        assertThat(service.summary()).isEqualTo("2 pipelines, receivers [test] → connectors [spanmetrics, servicegraph] "
                + "→ exporters [recording/traces, recording/metrics]");
        Span client = TestData.span("GET").toBuilder().setKind(Span.SpanKind.SPAN_KIND_CLIENT).build();
        Span server = TestData.span("GET /cart").toBuilder().setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[]{1, 2, 3, 4, 5, 6, 7, 8}))
                .setParentSpanId(client.getSpanId()).build();
        receivers.traces("test").consumeTraces(new java.util.ArrayList<>(List.of(TestData.resourceSpans("frontend", client),
                TestData.resourceSpans("cart", server, server))));

        // The 60 s flush interval has not passed: the metrics come at shutdown, through the metrics batch, before its exporter stops.
        service.shutdown();
        assertThat(exporters.recorder("recording/traces").spanCount()).isEqualTo(3);
        List<String> names = exporters.recorder("recording/metrics").metrics.stream().flatMap(List::stream)
                .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream()).map(Metric::getName)
                .distinct().sorted().toList();
        assertThat(names).containsExactly("traces.span.metrics.calls", "traces.span.metrics.duration",
                "traces_service_graph_request_client_seconds", "traces_service_graph_request_server_seconds",
                "traces_service_graph_request_total");
        long edges = exporters.recorder("recording/metrics").metrics.stream().flatMap(List::stream)
                .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream())
                .filter(m -> m.getName().equals("traces_service_graph_request_total"))
                .mapToLong(m -> m.getSum().getDataPoints(0).getAsInt()).sum();
        assertThat(edges).isEqualTo(1); // the second server span has no client left to pair with
        int lastMetrics = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("recording/metrics got")) {
                lastMetrics = i;
            }
        }
        assertThat(lastMetrics).isPositive().isLessThan(events.indexOf("shutdown exporter recording/metrics"));
    }

    @Test
    void aConnectorStartsAfterThePipelinesItFeedsAndStopsBeforeThem() {
        assemble("""
                receivers: {test: {}}
                connectors: {recording_connector: {}}
                exporters: {recording/traces: {}, recording/metrics: {}}
                service:
                  pipelines:
                    metrics: {receivers: [recording_connector], exporters: [recording/metrics]}
                    traces: {receivers: [test], exporters: [recording_connector, recording/traces]}
                """).start();
        assertThat(events).containsExactly("start exporter recording/metrics", "start exporter recording/traces",
                "start connector recording_connector", "start receiver test");
        events.clear();
        receivers.traces("test").consumeTraces(TestData.spans(2));
        service.shutdown();
        assertThat(events).containsExactly("connector got 2 spans", "recording/traces got 2 spans",
                "shutdown receiver test", "shutdown connector recording_connector", "recording/metrics got 1 points",
                "shutdown exporter recording/metrics", "shutdown exporter recording/traces");
    }

    /** Counts spans and sends one gauge point downstream when it shuts down. */
    static final class RecordingConnectorFactory implements ConnectorFactory<NoConfig> {
        private final List<String> events;

        RecordingConnectorFactory(List<String> events) {
            this.events = events;
        }

        @Override
        public String type() {
            return "recording_connector";
        }

        @Override
        public Class<NoConfig> configClass() {
            return NoConfig.class;
        }

        @Override
        public NoConfig defaultConfig() {
            return new NoConfig();
        }

        @Override
        public Set<Flow> flows() {
            return Set.of(new Flow(Signal.TRACES, Signal.METRICS));
        }

        @Override
        public TracesConnector createTracesToMetrics(ComponentContext context, NoConfig config, MetricsConsumer next) {
            return new TracesConnector() {
                @Override
                public void consumeTraces(List<ResourceSpans> resourceSpans) {
                    events.add("connector got " + Items.spans(resourceSpans) + " spans");
                }

                @Override
                public void start() {
                    events.add("start connector " + context.id());
                }

                @Override
                public void shutdown() {
                    events.add("shutdown connector " + context.id());
                    List<ResourceMetrics> last = TestData.metrics(TestData.gauge("last", 1));
                    next.consumeMetrics(last);
                }
            };
        }
    }
}
