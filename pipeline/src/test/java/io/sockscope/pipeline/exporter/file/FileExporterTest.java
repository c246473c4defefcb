package io.sockscope.pipeline.exporter.file;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.otlpjson.OtlpJson;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FileExporterTest {
    @TempDir
    Path dir;
    private final SelfTelemetry telemetry = new SelfTelemetry();

    private ExporterFactory.SignalExporters exporter(FileConfig config) throws Exception {
        config.validate();
        var made = new FileExporterFactory().create(new ComponentContext("file", telemetry), config, Set.of(Signal.TRACES, Signal.METRICS));
        made.traces().start();
        return made;
    }

    @Test
    void writesOneOtlpJsonObjectPerLineThatParsesBack() throws Exception {
        Path out = dir.resolve("sub/out.jsonl");
        var made = exporter(new FileConfig(out.toString(), null, FileConfig.Format.JSON, false, Duration.ofSeconds(1)));
        assertThat(made.traces()).isSameAs(made.metrics());
        List<ResourceSpans> spans = TestData.spans(2);
        var metrics = TestData.metrics(TestData.gauge("g", 1));
        made.traces().consumeTraces(spans);
        made.metrics().consumeMetrics(metrics);
        made.traces().shutdown();

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"resourceSpans\":[").contains("\"traceId\":\"" + TestData.TRACE_ID + "\"");
        assertThat(lines.get(1)).startsWith("{\"resourceMetrics\":[");
        assertThat(OtlpJson.parseTraces(lines.get(0))).isEqualTo(spans);
        assertThat(OtlpJson.parseMetrics(lines.get(1))).isEqualTo(metrics);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "file"))).isEqualTo(2);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_metric_points", "exporter", "file"))).isEqualTo(1);
    }

    @Test
    void truncatesAtStartUnlessAppending() throws Exception {
        Path out = Files.writeString(dir.resolve("out.jsonl"), "old\n");
        var e = exporter(new FileConfig(out.toString(), null, FileConfig.Format.JSON, true, Duration.ofSeconds(1)));
        e.traces().consumeTraces(TestData.spans(1));
        e.traces().shutdown();
        assertThat(Files.readAllLines(out)).hasSize(2).first().isEqualTo("old");
        e = exporter(new FileConfig(out.toString(), null, FileConfig.Format.JSON, false, Duration.ofSeconds(1)));
        e.traces().shutdown();
        assertThat(Files.readAllLines(out)).isEmpty();
    }

    @Test
    void rotatesAtTheSizeLimitAndKeepsMaxBackups() throws Exception {
        Path out = dir.resolve("spans.jsonl");
        Instant[] now = {Instant.parse("2024-05-01T10:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        RotatingFile file = new RotatingFile(out, new FileConfig.Rotation(1, 0, 2, false), false, clock);
        byte[] line = ("x".repeat(300 * 1024 - 1) + "\n").getBytes();
        for (int i = 0; i < 14; i++) {
            file.write(line);
            now[0] = now[0].plusSeconds(1);
        }
        file.close();
        // 3 lines (900 KiB) fit in 1 MiB: 14 lines make 4 full files and one with 2 lines.
        List<Path> backups = file.backups();
        assertThat(backups).extracting(p -> p.getFileName().toString())
                .containsExactly("spans-2024-05-01T10-00-12.000.jsonl", "spans-2024-05-01T10-00-09.000.jsonl");
        assertThat(Files.size(out)).isEqualTo(2L * line.length);
        assertThat(Files.size(backups.getFirst())).isEqualTo(3L * line.length);
    }

    @Test
    void exporterRotatesRealBatches() throws Exception {
        Path out = dir.resolve("traces.json");
        var e = exporter(new FileConfig(out.toString(), new FileConfig.Rotation(1, 0, 0, false), FileConfig.Format.JSON, false,
                Duration.ofMillis(10)));
        List<ResourceSpans> batch = TestData.spans(2000);
        int lineSize = OtlpJson.traces(batch).length() + 1;
        int lines = (int) ((3L << 20) / lineSize) + 1;
        for (int i = 0; i < lines; i++) {
            e.traces().consumeTraces(batch);
        }
        e.traces().shutdown();
        try (var files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(3);
            long total = 0;
            for (Path p : all) {
                assertThat(Files.size(p)).isLessThanOrEqualTo(1L << 20);
                for (String l : Files.readAllLines(p)) {
                    total += Items.spans(OtlpJson.parseTraces(l));
                }
            }
            assertThat(total).isEqualTo(2000L * lines);
        }
    }
}
