package io.sockscope.pipeline.assembly;

import io.sockscope.config.ConfigException;
import io.sockscope.config.model.ComponentId;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.connector.spanmetrics.SpanMetricsConfig;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.testing.TestComponents.TestReceiverFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectorValidationTest {
    private final ComponentRegistry registry = ComponentRegistry.withBuiltins()
            .register(new TestReceiverFactory("ebpf", new ArrayList<>()));

    private Validation validate(String yaml) {
        return ConfigValidator.validate("config.yaml", yaml, registry, Map.<String, String>of()::get);
    }

    private static List<String> messages(List<ConfigException> problems) {
        return problems.stream().map(ConfigException::getMessage).toList();
    }

    @Test
    void tracesToMetricsConnectorsAreValidAndBound() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                connectors:
                  spanmetrics:
                    histogram: {unit: s}
                    dimensions: [{name: http.response.status_code}]
                    aggregation_temporality: AGGREGATION_TEMPORALITY_DELTA
                    metrics_flush_interval: 100ms
                  servicegraph:
                    store: {ttl: 1s, max_items: 10}
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [spanmetrics, servicegraph, debug]}
                    metrics: {receivers: [spanmetrics, servicegraph], exporters: [debug]}
                """);
        assertThat(messages(v.errors())).isEmpty();
        assertThat(messages(v.warnings())).isEmpty();
        SpanMetricsConfig c = (SpanMetricsConfig) v.config().component(Kind.CONNECTOR, ComponentId.parse("spanmetrics")).config();
        assertThat(c.histogram().unit()).isEqualTo("s");
        assertThat(c.dimensions()).containsExactly(new SpanMetricsConfig.Dimension("http.response.status_code", null));
        assertThat(c.temporality()).isEqualTo(io.sockscope.pipeline.aggregation.Temporality.DELTA);
        assertThat(c.metricsFlushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(v.config().isConnector(Kind.EXPORTER, ComponentId.parse("spanmetrics"))).isTrue();
    }

    @Test
    void aConnectorUsedOnOneSideOnlyIsAnErrorAtItsUse() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                connectors: {spanmetrics: {}, servicegraph: {}}
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [debug, spanmetrics]}
                    metrics: {receivers: [ebpf, servicegraph], exporters: [debug]}
                """);
        assertThat(messages(v.errors())).containsExactly(
                "config.yaml:6:52: service.pipelines.traces.exporters[1]: connector \"spanmetrics\" is an exporter here but no pipeline "
                        + "names it as a receiver (hint: add spanmetrics to the receivers of a metrics pipeline, e.g. "
                        + "service.pipelines.metrics.receivers: [spanmetrics])",
                "config.yaml:7:33: service.pipelines.metrics.receivers[1]: connector \"servicegraph\" is a receiver here but no pipeline "
                        + "names it as an exporter (hint: add servicegraph to the exporters of a traces pipeline, e.g. "
                        + "service.pipelines.traces.exporters: [servicegraph])");
        // The model's warning about the same connectors is replaced by the errors.
        assertThat(messages(v.warnings())).isEmpty();
    }

    @Test
    void signalsAConnectorDoesNotConnectAreErrors() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                connectors: {spanmetrics: {}}
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [spanmetrics]}
                    traces/2: {receivers: [spanmetrics], exporters: [debug]}
                    metrics: {receivers: [ebpf], exporters: [spanmetrics]}
                    metrics/2: {receivers: [spanmetrics], exporters: [debug]}
                """);
        assertThat(messages(v.errors())).containsExactlyInAnyOrder(
                "config.yaml:8:46: service.pipelines.metrics.exporters[0]: connector \"spanmetrics\" does not take metrics "
                        + "(it connects traces to metrics) (hint: remove it from this pipeline)",
                "config.yaml:7:28: service.pipelines.traces/2.receivers[0]: connector \"spanmetrics\" does not emit traces "
                        + "(it connects traces to metrics) (hint: remove it from this pipeline)");
    }

    @Test
    void connectorSettingsAreCheckedWithTheirLines() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                connectors:
                  spanmetrics:
                    aggregation_temporality: AGGREGATION_TEMPORALITY_SOMETIMES
                    histogram: {unit: us}
                  servicegraph:
                    store: {max_items: 0}
                    latency_histogram_bucket: [1s]
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [spanmetrics, servicegraph]}
                    metrics: {receivers: [spanmetrics, servicegraph], exporters: [debug]}
                """);
        assertThat(messages(v.errors())).containsExactly(
                "config.yaml:4:30: connectors.spanmetrics.aggregation_temporality: unknown aggregation temporality "
                        + "\"AGGREGATION_TEMPORALITY_SOMETIMES\" (hint: write AGGREGATION_TEMPORALITY_CUMULATIVE or AGGREGATION_TEMPORALITY_DELTA)",
                "config.yaml:8:5: connectors.servicegraph.latency_histogram_bucket: unknown key \"latency_histogram_bucket\" "
                        + "(hint: did you mean \"latency_histogram_buckets\"?)");
    }

    @Test
    void aConnectorTypeUnderExportersGetsAHint() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                exporters: {spanmetrics: {}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [spanmetrics]}
                """);
        assertThat(messages(v.errors())).containsExactly("config.yaml:2:13: exporters.spanmetrics: unknown exporter type \"spanmetrics\" "
                + "(hint: \"spanmetrics\" is a connector: define it under connectors)");
    }
}
