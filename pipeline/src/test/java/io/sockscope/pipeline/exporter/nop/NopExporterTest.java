package io.sockscope.pipeline.exporter.nop;

import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.assembly.RunningService;
import io.sockscope.pipeline.assembly.ServiceAssembler;
import io.sockscope.pipeline.assembly.Validation;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestComponents.TestReceiverFactory;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NopExporterTest {
    private final SelfTelemetry telemetry = new SelfTelemetry();

    @Test
    void dropsEverythingAndCountsIt() {
        var made = new NopExporterFactory().create(new ComponentContext("nop", telemetry), new NopExporterFactory.NopConfig(),
                Set.of(Signal.TRACES, Signal.METRICS));
        assertThat(made.traces()).isSameAs(made.metrics());
        made.traces().consumeTraces(List.of(TestData.resourceSpans("shop", TestData.span("GET /a"), TestData.span("GET /b"))));
        made.traces().consumeTraces(List.of(TestData.resourceSpans("shop", TestData.span("GET /c"))));
        made.metrics().consumeMetrics(TestData.metrics(TestData.gauge("g", 1, 2)));
        made.traces().shutdown();
        made.traces().shutdown();
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "nop"))).isEqualTo(3);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_metric_points", "exporter", "nop"))).isEqualTo(2);
    }

    @Test
    void isABuiltinThatTakesNoSettings(@TempDir Path dir) throws Exception {
        TestReceiverFactory ebpf = new TestReceiverFactory("ebpf", new ArrayList<>());
        ComponentRegistry registry = ComponentRegistry.withBuiltins().register(ebpf);
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                receivers:
                  ebpf:
                exporters:
                  nop:
                  nop/braces: {}
                service:
                  pipelines:
                    traces:
                      receivers: [ebpf]
                      exporters: [nop, nop/braces]
                """);
        Validation v = ConfigValidator.validate(config, registry, Map.<String, String>of()::get);
        assertThat(v.report()).isEmpty();
        try (RunningService service = ServiceAssembler.assemble(v.config(), telemetry)) {
            service.start();
            ebpf.traces("ebpf").consumeTraces(List.of(TestData.resourceSpans("shop", TestData.span("GET /a"))));
        }
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "nop"))).isEqualTo(1);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "nop/braces"))).isEqualTo(1);
    }

    @Test
    void rejectsSettings(@TempDir Path dir) throws Exception {
        ComponentRegistry registry = ComponentRegistry.withBuiltins().register(new TestReceiverFactory("ebpf", new ArrayList<>()));
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                receivers:
                  ebpf:
                exporters:
                  nop: {verbosity: basic}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [nop]}
                """);
        assertThat(ConfigValidator.validate(config, registry, Map.<String, String>of()::get).report()).contains("verbosity");
    }
}
