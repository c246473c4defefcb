package io.sockscope.pipeline.assembly;

import io.sockscope.pipeline.exporter.debug.DebugExporterFactory;
import io.sockscope.pipeline.exporter.file.FileExporterFactory;
import io.sockscope.pipeline.otlpjson.OtlpJson;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.pipeline.processor.attributes.AttributesProcessorFactory;
import io.sockscope.pipeline.processor.batch.BatchProcessorFactory;
import io.sockscope.pipeline.processor.filter.FilterProcessorFactory;
import io.sockscope.pipeline.processor.resource.ResourceProcessorFactory;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestComponents.TestReceiverFactory;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sockscope.pipeline.testing.TestData.attr;
import static org.assertj.core.api.Assertions.assertThat;

/** A file in the Collector's shape, through real processors to the debug and file exporters. */
class EndToEndTest {
    @Test
    void spansFlowFromReceiverThroughProcessorsToExporters(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        TestReceiverFactory ebpf = new TestReceiverFactory("ebpf", new ArrayList<>());
        ComponentRegistry registry = new ComponentRegistry().register(ebpf)
                .register(new BatchProcessorFactory()).register(new ResourceProcessorFactory())
                .register(new AttributesProcessorFactory()).register(new FilterProcessorFactory())
                .register(new DebugExporterFactory(new PrintStream(stdout, true, StandardCharsets.UTF_8)))
                .register(new FileExporterFactory());
        Path out = dir.resolve("out/traces.jsonl");
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                receivers:
                  ebpf:
                processors:
                  batch:
                    timeout: 1h
                  filter/health:
                    traces:
                      span: ['attributes["url.path"] == "/healthz"']
                  resource:
                    attributes:
                      - {key: deployment.environment, value: "${env:ENVIRONMENT:-dev}", action: upsert}
                  attributes/redact:
                    actions:
                      - {key: user.id, action: hash}
                exporters:
                  debug:
                    verbosity: normal
                  file:
                    path: ${env:OUT}
                service:
                  telemetry:
                    logs: {level: info}
                  pipelines:
                    traces:
                      receivers: [ebpf]
                      processors: [filter/health, resource, attributes/redact, batch]
                      exporters: [debug, file]
                """);
        Validation v = ConfigValidator.validate(config, registry, Map.of("OUT", out.toString())::get);
        assertThat(v.report()).isEmpty();
        SelfTelemetry telemetry = new SelfTelemetry();
        try (RunningService service = ServiceAssembler.assemble(v.config(), telemetry)) {
            service.start();
            assertThat(service.summary()).isEqualTo("1 pipelines, receivers [ebpf] → exporters [debug, file]");
            ebpf.traces("ebpf").consumeTraces(List.of(TestData.resourceSpans("shop",
                    TestData.span("GET /healthz", attr("url.path", "/healthz")),
                    TestData.span("GET /users/{id}", attr("url.path", "/users/1"), attr("user.id", "alice")))));
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("ResourceSpans #0 service.name=shop deployment.environment=dev")
                .contains("GET /users/{id} Server").contains("user.id=2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90")
                .doesNotContain("healthz");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1);
        assertThat(Items.spans(OtlpJson.parseTraces(lines.getFirst()))).isEqualTo(1);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_receiver_accepted_spans", "receiver", "ebpf"))).isEqualTo(2);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "file"))).isEqualTo(1);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "debug"))).isEqualTo(1);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_processor_filter_spans_filtered", "processor", "filter/health"))).isEqualTo(1);
    }
}
