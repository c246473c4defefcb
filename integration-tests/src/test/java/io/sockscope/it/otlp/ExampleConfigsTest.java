package io.sockscope.it.otlp;

import io.sockscope.cli.ebpf.EbpfReceiverConfig;
import io.sockscope.cli.ebpf.EbpfReceiverFactory;
import io.sockscope.config.model.ComponentId;
import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.assembly.ServiceConfig;
import io.sockscope.pipeline.assembly.Validation;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.exporter.otlp.OtlpGrpcExporterConfig;
import io.sockscope.pipeline.registry.ComponentRegistry;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ready-made configurations in {@code otel-config/examples/} are valid for the command that
 * ships them (built-in components plus {@code ebpf}), without warnings, and say what their comments
 * promise: the backends' endpoints and their environment overrides, the Collector gateway's
 * reliability settings, and {@code debug.yaml} being exactly the built-in default.
 */
class ExampleConfigsTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("basedir", "."), "..", "otel-config", "examples").normalize();
    private static final Function<String, String> NO_ENV = name -> null;

    private static ComponentRegistry registry() {
        return ComponentRegistry.withBuiltins().register(new EbpfReceiverFactory());
    }

    @TestFactory
    Stream<DynamicTest> everyExampleIsValid() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("collector-gateway.yaml", "debug.yaml", "jaeger.yaml", "otlp-hop.yaml", "tempo.yaml");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Validation v = ConfigValidator.validate(file, registry());
            assertThat(v.errors()).as(v.report()).isEmpty();
            assertThat(v.warnings()).as(v.report()).isEmpty();
            assertThat(v.config().pipelines()).isNotEmpty();
        }));
    }

    @Test
    void debugYamlIsTheBuiltInDefaultSpelledOut() {
        ServiceConfig spelledOut = valid("debug.yaml", NO_ENV);
        ServiceConfig builtIn = ConfigValidator.validateDefault(registry()).orThrow();
        assertThat(configs(spelledOut)).isEqualTo(configs(builtIn));
        assertThat(spelledOut.pipelines()).isEqualTo(builtIn.pipelines());
    }

    @Test
    void jaegerDefaultsToLocalhostAndFollowsJaegerEndpoint() {
        OtlpGrpcExporterConfig byDefault = exporter(valid("jaeger.yaml", NO_ENV), "otlp_grpc/jaeger");
        assertThat(byDefault.endpoint()).isEqualTo("localhost:4317");
        assertThat(byDefault.plaintext()).isTrue();
        OtlpGrpcExporterConfig set = exporter(valid("jaeger.yaml", Map.of("JAEGER_ENDPOINT", "jaeger.example:4317")::get),
                "otlp_grpc/jaeger");
        assertThat(set.endpoint()).isEqualTo("jaeger.example:4317");
    }

    @Test
    void tempoSendsTheTenantHeader() {
        OtlpGrpcExporterConfig byDefault = exporter(valid("tempo.yaml", NO_ENV), "otlp_grpc/tempo");
        assertThat(byDefault.endpoint()).isEqualTo("tempo:4317");
        assertThat(byDefault.headers()).containsEntry("X-Scope-OrgID", "single-tenant");
        OtlpGrpcExporterConfig set = exporter(valid("tempo.yaml",
                Map.of("TEMPO_ENDPOINT", "tempo-distributor:4317", "TEMPO_TENANT", "team-a")::get), "otlp_grpc/tempo");
        assertThat(set.endpoint()).isEqualTo("tempo-distributor:4317");
        assertThat(set.headers()).containsEntry("X-Scope-OrgID", "team-a");
    }

    @Test
    void collectorGatewayQueuesRetriesAndLimitsMemoryFirst() {
        ServiceConfig config = valid("collector-gateway.yaml", NO_ENV);
        OtlpGrpcExporterConfig gateway = exporter(config, "otlp_grpc/gateway");
        assertThat(gateway.endpoint()).isEqualTo("otel-collector:4317");
        assertThat(gateway.gzip()).isTrue();
        assertThat(gateway.sendingQueue().enabled()).isTrue();
        assertThat(gateway.retryOnFailure().enabled()).isTrue();
        assertThat(gateway.retryOnFailure().maxElapsedTime()).isEqualTo(Duration.ofSeconds(300));
        for (ServiceConfig.Pipeline p : config.pipelines()) {
            assertThat(p.processors()).as(p.id().toString()).extracting(ComponentId::type)
                    .containsExactly("memory_limiter", "resource", "batch");
        }
        assertThat(config.pipelines()).extracting(p -> p.id().toString()).containsExactly("traces", "metrics");
    }

    @Test
    void otlpHopFeedsSdkAndKernelSpansIntoOneTracesPipeline() {
        ServiceConfig config = valid("otlp-hop.yaml", NO_ENV);
        ServiceConfig.Pipeline traces = config.pipelines().stream().filter(p -> p.id().toString().equals("traces"))
                .findFirst().orElseThrow();
        assertThat(traces.receivers()).extracting(ComponentId::type).containsExactlyInAnyOrder("otlp", "ebpf");
        EbpfReceiverConfig ebpf = (EbpfReceiverConfig) config.component(Kind.RECEIVER, id(config, Kind.RECEIVER, "ebpf")).config();
        assertThat(ebpf.exclude().ports()).as("the OTLP ports are telemetry, not traffic to trace").contains(4317, 4318);
        assertThat(exporter(config, "otlp_grpc").endpoint()).isEqualTo("collector:4317");
    }

    private static ServiceConfig valid(String example, Function<String, String> env) {
        Validation v = ConfigValidator.validate(EXAMPLES.resolve(example), registry(), env);
        assertThat(v.errors()).as(v.report()).isEmpty();
        return v.config();
    }

    private static OtlpGrpcExporterConfig exporter(ServiceConfig config, String id) {
        return (OtlpGrpcExporterConfig) config.component(Kind.EXPORTER, id(config, Kind.EXPORTER, id)).config();
    }

    private static ComponentId id(ServiceConfig config, Kind kind, String written) {
        return config.components().get(kind).keySet().stream().filter(i -> i.toString().equals(written)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + written + " in " + config.components().get(kind).keySet()));
    }

    /** kind → id → bound configuration record: what a file means, without where it says it. */
    private static Map<Kind, Map<String, Record>> configs(ServiceConfig config) {
        Map<Kind, Map<String, Record>> out = new LinkedHashMap<>();
        config.components().forEach((kind, byId) -> {
            Map<String, Record> records = new LinkedHashMap<>();
            byId.forEach((id, c) -> records.put(id.toString(), c.config()));
            out.put(kind, records);
        });
        return out;
    }
}
