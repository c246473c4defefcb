package io.sockscope.config.model;

import io.sockscope.config.ConfigException;
import io.sockscope.config.ConfigProblems;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorConfigTest {
    private final ConfigProblems problems = new ConfigProblems();

    private CollectorConfig parse(String yaml) {
        return CollectorConfig.load("config.yaml", yaml, Map.<String, String>of()::get, problems);
    }

    @Test
    void readsSectionsAndPipelines() {
        CollectorConfig c = parse("""
                receivers:
                  ebpf:
                processors:
                  batch: {}
                exporters:
                  debug: {verbosity: normal}
                  otlp_grpc/jaeger: {endpoint: jaeger:4317}
                service:
                  pipelines:
                    traces/ebpf:
                      receivers: [ebpf]
                      processors: [batch]
                      exporters: [debug, otlp_grpc/jaeger]
                    metrics:
                      receivers: [ebpf]
                      exporters: [debug]
                """);
        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).isEmpty();
        assertThat(c.section(Section.EXPORTERS).keySet()).containsExactly(
                new ComponentId("debug", ""), new ComponentId("otlp_grpc", "jaeger"));
        assertThat(c.pipelines()).extracting(p -> p.id().toString()).containsExactly("traces/ebpf", "metrics");
        PipelineDef traces = c.pipelines().getFirst();
        assertThat(traces.exporters()).extracting(r -> r.id().toString()).containsExactly("debug", "otlp_grpc/jaeger");
        assertThat(traces.exporters().get(1).path()).isEqualTo("service.pipelines.traces/ebpf.exporters[1]");
        assertThat(traces.exporters().get(1).node().position().line()).isEqualTo(13);
    }

    @Test
    void unknownTopLevelKeySuggestsTheRightOne() {
        parse("""
                receivers: {ebpf: {}}
                exporter: {debug: {}}
                service: {pipelines: {traces: {receivers: [ebpf], exporters: [debug]}}}
                """);
        assertThat(problems.errors()).extracting(ConfigException::getMessage).contains(
                "config.yaml:2:1: exporter: unknown key \"exporter\" (hint: did you mean \"exporters\"?)");
    }

    @Test
    void pipelineNamingAnUndefinedComponentIsAnError() {
        parse("""
                receivers:
                  ebpf: {}
                exporters:
                  debug: {}
                service:
                  pipelines:
                    traces:
                      receivers: [ebpf]
                      exporters: [debgu]
                """);
        assertThat(problems.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(9);
            assertThat(e.column()).isEqualTo(19);
            assertThat(e.path()).isEqualTo("service.pipelines.traces.exporters[0]");
            assertThat(e.getMessage()).isEqualTo("config.yaml:9:19: service.pipelines.traces.exporters[0]: exporter \"debgu\""
                    + " is not defined in the exporters section (hint: did you mean \"debug\"?)");
        });
    }

    @Test
    void componentInTheWrongListSaysWhereItIsDefined() {
        parse("""
                receivers: {ebpf: {}}
                processors: {batch: {}}
                exporters: {debug: {}}
                service: {pipelines: {traces: {receivers: [ebpf], exporters: [batch, debug]}}}
                """);
        assertThat(problems.errors()).singleElement().satisfies(e ->
                assertThat(e.hint()).contains("\"batch\" is defined under processors, not exporters"));
    }

    @Test
    void pipelineWithoutReceiversOrExportersIsAnError() {
        parse("""
                receivers: {ebpf: {}}
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces:
                      exporters: [debug]
                    metrics:
                      receivers: [ebpf]
                """);
        assertThat(problems.errors()).extracting(e -> e.line() + " " + e.path() + ": " + e.detail()).containsExactly(
                "6 service.pipelines.traces.receivers: a pipeline needs at least one receiver",
                "8 service.pipelines.metrics.exporters: a pipeline needs at least one exporter");
    }

    @Test
    void wrongSignalNameSuggestsTheRightOne() {
        parse("""
                receivers: {ebpf: {}}
                exporters: {debug: {}}
                service:
                  pipelines:
                    trace/ebpf: {receivers: [ebpf], exporters: [debug]}
                """);
        assertThat(problems.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.path()).isEqualTo("service.pipelines.trace/ebpf");
            assertThat(e.hint()).isEqualTo("did you mean \"traces/ebpf\"?");
        });
    }

    @Test
    void unusedComponentIsAWarningNotAnError() {
        parse("""
                receivers: {ebpf: {}}
                processors: {batch: {}}
                exporters: {debug: {}, file: {path: x}}
                service: {pipelines: {traces: {receivers: [ebpf], exporters: [debug]}}}
                """);
        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).extracting(ConfigException::path).containsExactly("processors.batch", "exporters.file");
        assertThat(problems.warnings().getFirst().line()).isEqualTo(2);
    }

    @Test
    void missingServiceAndBadIdsAreErrors() {
        parse("""
                exporters:
                  otlp_grpc/: {}
                  9bad: {}
                """);
        assertThat(problems.errors()).extracting(ConfigException::path).containsExactly(
                "exporters.otlp_grpc/", "exporters.9bad", "service");
    }

    @Test
    void unknownPipelineAndServiceKeys() {
        parse("""
                receivers: {ebpf: {}}
                exporters: {debug: {}}
                service:
                  pipeline: {}
                  pipelines:
                    traces: {receivers: [ebpf], exporter: [debug]}
                """);
        assertThat(problems.errors()).extracting(e -> e.path() + " " + e.hint()).containsExactly(
                "service.pipeline did you mean \"pipelines\"?",
                "service.pipelines.traces.exporter did you mean \"exporters\"?",
                "service.pipelines.traces.exporters add exporters: [debug]");
    }
}
