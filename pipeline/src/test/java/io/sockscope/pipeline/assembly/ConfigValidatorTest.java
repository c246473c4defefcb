package io.sockscope.pipeline.assembly;

import io.sockscope.config.ConfigException;
import io.sockscope.config.model.ComponentId;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.exporter.debug.DebugConfig;
import io.sockscope.pipeline.processor.batch.BatchConfig;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.testing.TestComponents.TestReceiverFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidatorTest {
    private final ComponentRegistry registry = ComponentRegistry.withBuiltins()
            .register(new TestReceiverFactory("ebpf", new ArrayList<>()));
    private final Map<String, String> env = Map.of("DEBUG_LEVEL", "detailed");

    private Validation validate(String yaml) {
        return ConfigValidator.validate("config.yaml", yaml, registry, env::get);
    }

    private static String pipelines(String rest) {
        return rest + """
                service:
                  pipelines:
                    traces:
                      receivers: [ebpf]
                      exporters: [debug]
                """;
    }

    @Test
    void validConfigIsBoundToRecords() {
        Validation v = validate("""
                receivers:
                  ebpf:
                processors:
                  batch:
                    timeout: 1s
                exporters:
                  debug:
                    verbosity: ${env:DEBUG_LEVEL}
                service:
                  pipelines:
                    traces:
                      receivers: [ebpf]
                      processors: [batch]
                      exporters: [debug]
                """);
        assertThat(v.errors()).isEmpty();
        ServiceConfig c = v.config();
        assertThat(c.component(Kind.PROCESSOR, ComponentId.parse("batch")).config())
                .isEqualTo(new BatchConfig(8192, 0, Duration.ofSeconds(1)));
        assertThat(((DebugConfig) c.component(Kind.EXPORTER, ComponentId.parse("debug")).config()).verbosity())
                .isEqualTo(DebugConfig.Verbosity.DETAILED);
    }

    @Test
    void unknownComponentTypeSuggestsTheClosest() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                exporters:
                  debug: {}
                  fiel/out: {path: x}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [debug, fiel/out]}
                """);
        assertThat(v.ok()).isFalse();
        assertThat(v.errors()).singleElement().extracting(ConfigException::getMessage).isEqualTo(
                "config.yaml:4:3: exporters.fiel/out: unknown exporter type \"fiel\" (hint: did you mean \"file\"?)");
    }

    @Test
    void componentInTheWrongSectionSaysWhereItBelongs() {
        Validation v = validate(pipelines("""
                receivers: {ebpf: {}}
                exporters: {debug: {}, batch: {}}
                """));
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("exporters.batch");
            assertThat(e.hint()).isEqualTo("\"batch\" is a processor: define it under processors");
        });
    }

    @Test
    void unknownKeyInAComponentNamesFileLineAndKey() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                processors:
                  batch:
                    timout: 1s
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [debug]}
                """);
        assertThat(v.errors()).singleElement().extracting(ConfigException::getMessage).isEqualTo(
                "config.yaml:4:5: processors.batch.timout: unknown key \"timout\" (hint: did you mean \"timeout\"?)");
    }

    @Test
    void wrongTypeNamesFileLineAndKey() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                processors:
                  batch:
                    timeout: soon
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [debug]}
                """);
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("config.yaml");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.path()).isEqualTo("processors.batch.timeout");
            assertThat(e.getMessage()).contains("expected a duration like 5s, got a string (\"soon\")");
        });
    }

    @Test
    void validateFailureOfAComponentPointsAtItsKey() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                processors:
                  batch:
                    send_batch_size: 100
                    send_batch_max_size: 10
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [debug]}
                """);
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.path()).isEqualTo("processors.batch.send_batch_max_size");
            assertThat(e.hint()).contains("raise send_batch_max_size to at least 100");
        });
    }

    @Test
    void pipelineNamingAnUndefinedComponent() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces:
                      receivers: [ebpf]
                      processors: [batch]
                      exporters: [debug]
                """);
        assertThat(v.errors()).singleElement().extracting(ConfigException::getMessage).isEqualTo(
                "config.yaml:7:20: service.pipelines.traces.processors[0]: processor \"batch\" is not defined in the processors"
                        + " section (hint: define it under processors: with batch: {})");
    }

    @Test
    void unsetVariableWithoutDefaultIsAnErrorAndWithDefaultIsNot() {
        Validation bad = validate(pipelines("""
                receivers: {ebpf: {}}
                exporters:
                  debug: {verbosity: "${env:VERBOSITY}"}
                """));
        assertThat(bad.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.path()).isEqualTo("exporters.debug.verbosity");
            assertThat(e.getMessage()).contains("environment variable VERBOSITY is not set")
                    .contains("${env:VERBOSITY:-value}");
        });
        Validation good = validate(pipelines("""
                receivers: {ebpf: {}}
                exporters:
                  debug: {verbosity: "${env:VERBOSITY:-normal}"}
                """));
        assertThat(good.errors()).isEmpty();
        assertThat(((DebugConfig) good.config().component(Kind.EXPORTER, ComponentId.parse("debug")).config()).verbosity())
                .isEqualTo(DebugConfig.Verbosity.NORMAL);
    }

    @Test
    void dollarDollarReachesTheComponentAsOneDollar() {
        Validation v = validate(pipelines("""
                receivers: {ebpf: {}}
                processors:
                  resource: {attributes: [{key: price, value: "$$5 and $${env:HOME}", action: upsert}]}
                exporters: {debug: {}}
                """));
        assertThat(v.errors()).isEmpty();
        var resource = (io.sockscope.pipeline.processor.resource.ResourceConfig)
                v.config().component(Kind.PROCESSOR, ComponentId.parse("resource")).config();
        assertThat(resource.attributes().getFirst().value()).isEqualTo("$5 and ${env:HOME}");
        assertThat(v.warnings()).extracting(ConfigException::path).containsExactly("processors.resource");
    }

    @Test
    void memoryLimiterMustBeFirst() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                processors:
                  batch: {}
                  memory_limiter: {limit_mib: 512}
                exporters: {debug: {}}
                service:
                  pipelines:
                    traces:
                      receivers: [ebpf]
                      processors: [batch, memory_limiter]
                      exporters: [debug]
                """);
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(10);
            assertThat(e.path()).isEqualTo("service.pipelines.traces.processors[1]");
            assertThat(e.detail()).isEqualTo("memory_limiter must be the first processor of the pipeline");
        });
    }

    @Test
    void logsPipelinesAndUnsupportedSignalsAreErrors() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                exporters: {debug: {}}
                service:
                  pipelines:
                    logs: {receivers: [ebpf], exporters: [debug]}
                    traces: {receivers: [ebpf], exporters: [debug]}
                """);
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.detail()).isEqualTo("logs pipelines are not supported yet");
        });
    }

    @Test
    void everyMistakeIsReportedInOneRun() {
        Validation v = validate("""
                recievers: {ebpf: {}}
                processors:
                  batch: {timeout: 5}
                  filter: {traces: {span: ['attributes["a"] > 3']}}
                exporters:
                  debug: {verbosity: loud}
                  file: {}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch, filter], exporters: [debug, file]}
                """);
        assertThat(v.errors()).extracting(e -> e.line() + " " + e.path()).containsExactlyInAnyOrder(
                "1 recievers",
                "3 processors.batch.timeout",
                "4 processors.filter.traces.span[0]",
                "6 exporters.debug.verbosity",
                "7 exporters.file.path",
                "10 service.pipelines.traces.receivers[0]");
        assertThat(v.errors().stream().filter(e -> e.path().equals("recievers")).findFirst().orElseThrow().hint())
                .isEqualTo("did you mean \"receivers\"?");
        assertThat(v.report()).contains("config.yaml:4:").contains("operator > is not supported");
    }

    @Test
    void defaultConfigValidatesOnceAnEbpfReceiverIsRegistered() {
        assertThat(ConfigValidator.validateDefault(registry).errors()).isEmpty();
        Validation without = ConfigValidator.validateDefault(ComponentRegistry.withBuiltins());
        assertThat(without.errors()).extracting(ConfigException::detail).contains("unknown receiver type \"ebpf\"");
    }

    @Test
    void oldOtlpExporterNameIsAccepted() {
        Validation v = validate("""
                receivers: {ebpf: {}}
                exporters:
                  otlp/jaeger: {endpoint: "jaeger:4317", tls: {insecure: true}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [otlp/jaeger]}
                """);
        assertThat(v.errors()).isEmpty();
        assertThat(v.config().component(Kind.EXPORTER, ComponentId.parse("otlp/jaeger")).factory().type()).isEqualTo("otlp_grpc");
    }

    @Test
    void validatesAFileAndAssemblyThrowsAllErrors(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), pipelines("""
                receivers: {ebpf: {}}
                exporters: {debug: {verbosity: loud, extra: 1}}
                """));
        Validation v = ConfigValidator.validate(file, registry);
        assertThat(v.errors()).extracting(ConfigException::file).containsOnly(file.toString());
        assertThatThrownBy(() -> ServiceAssembler.assemble(file, registry))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.all()).hasSize(2));
    }

    @Test
    void collectorStyleOtlpConfigValidates() {
        Validation v = validate("""
                receivers:
                  otlp:
                    protocols:
                      grpc: {endpoint: 127.0.0.1:4317}
                      http: {endpoint: 127.0.0.1:4318}
                processors:
                  memory_limiter: {check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 20}
                  batch: {send_batch_size: 1024, timeout: 5s}
                exporters:
                  otlphttp/tempo: {endpoint: "http://tempo:4318"}
                  otlp_grpc: {endpoint: "collector:4317", tls: {insecure: true}}
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [memory_limiter, batch]
                      exporters: [otlphttp/tempo, otlp_grpc]
                """);
        assertThat(v.report()).isEmpty();
    }

    @Test
    void mistakesInsideListItemsPointAtTheItem() {
        Validation v = validate(pipelines("""
                receivers: {ebpf: {}}
                processors:
                  attributes:
                    actions:
                      - {key: a, value: b, action: upsert}
                      - key: c
                        action: inzert
                exporters: {debug: {}}
                """));
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.path()).isEqualTo("processors.attributes.actions[1].action");
            assertThat(e.detail()).startsWith("expected one of insert, update, upsert, delete, hash, extract, convert");
        });
    }
}
