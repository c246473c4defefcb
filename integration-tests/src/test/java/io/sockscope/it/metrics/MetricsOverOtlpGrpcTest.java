package io.sockscope.it.metrics;

import io.sockscope.it.support.SockscopeProcess;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.semconv.metrics.ExchangeMetrics;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ebpf} receiver's RED metrics over OTLP/gRPC to a real endpoint: Sockscope A traces curl
 * against python3's http.server on 127.0.0.1 and exports its metrics pipeline with {@code otlp_grpc};
 * Sockscope B's {@code otlp} receiver writes them with the {@code file} exporter. N requests must
 * arrive as {@code http.server.request.duration} points of the configured temporality whose counts
 * make N: summed over exports for delta, the newest point for cumulative.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MetricsOverOtlpGrpcTest {
    private static final int N = 15;
    private static final Duration START = Duration.ofSeconds(40);

    @ParameterizedTest(name = "metrics_temporality: {0}")
    @ValueSource(strings = {"delta", "cumulative"})
    void serverDurationsArriveWithTheConfiguredTemporality(String temporality, @TempDir Path dir) throws Exception {
        int httpPort = ExternalProcess.freePort();
        int otlpPort = ExternalProcess.freePort();
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello\n");
        Path out = dir.resolve("received.jsonl");
        Path backend = Files.writeString(dir.resolve("backend.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc: {endpoint: 127.0.0.1:%d}
                exporters:
                  file: {path: %s, flush_interval: 100ms}
                service:
                  pipelines:
                    metrics: {receivers: [otlp], exporters: [file]}
                """.formatted(otlpPort, out));
        Path tracer = Files.writeString(dir.resolve("tracer.yaml"), """
                receivers:
                  ebpf: {ports: [%d], metrics_interval: 500ms, metrics_temporality: %s}
                exporters:
                  otlp_grpc:
                    endpoint: 127.0.0.1:%d
                    tls: {insecure: true}
                service:
                  pipelines:
                    metrics: {receivers: [ebpf], exporters: [otlp_grpc]}
                """.formatted(httpPort, temporality, otlpPort));
        AggregationTemporality expected = temporality.equals("delta") ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        MetricFile file = new MetricFile(out);
        Predicate<MetricFile.Point> python = p -> String.valueOf(p.resourceAttr("process.executable.name")).startsWith("python");

        try (SockscopeProcess b = SockscopeProcess.run(backend);
             SockscopeProcess a = SockscopeProcess.run(tracer);
             ExternalProcess server = ExternalProcess.start(List.of("python3", "-m", "http.server", String.valueOf(httpPort),
                     "--bind", "127.0.0.1", "--directory", www.toString())).awaitPort("127.0.0.1", httpPort)) {
            b.awaitReady(START);
            a.awaitReady(START);
            for (int i = 0; i < N; i++) {
                assertThat(ExternalProcess.run(Duration.ofSeconds(10), "curl", "-sS", "--max-time", "5",
                        "http://127.0.0.1:" + httpPort + "/hello.txt")).isEqualTo("hello\n");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (count(file, python, expected) < N && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(2000); // four more exports: nothing more may come
            List<MetricFile.Point> points = file.points(ExchangeMetrics.HTTP_SERVER_DURATION_NAME).stream().filter(python).toList();
            String diagnostics = points + "\nA:\n" + a.output() + "\nB:\n" + b.output();
            assertThat(points).as(diagnostics).isNotEmpty();
            assertThat(points).as(diagnostics).allSatisfy(p -> {
                assertThat(p.temporality()).isEqualTo(expected);
                assertThat(p.attr("http.request.method")).isEqualTo("GET");
                assertThat(p.attr("http.response.status_code")).isEqualTo("200");
                assertThat(p.attr("url.scheme")).isEqualTo("http");
                assertThat(p.attr("network.protocol.version")).isEqualTo("1.1");
                assertThat(p.attr("url.path")).isNull();
                assertThat(p.resourceAttr("service.name")).startsWith("unknown_service:python3");
                assertThat(p.histogram().getExplicitBoundsList()).containsExactly(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
                        0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
                assertThat(p.histogram().getBucketCountsList().stream().mapToLong(Long::longValue).sum())
                        .isEqualTo(p.histogram().getCount());
                assertThat(p.histogram().getStartTimeUnixNano()).isPositive().isLessThan(p.histogram().getTimeUnixNano());
            });
            assertThat(points.stream().map(MetricFile.Point::attributes).distinct()).as("one series").hasSize(1);
            assertThat(count(file, python, expected)).as(diagnostics).isEqualTo(N);
            if (expected == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
                // Each delta point covers its own interval: they follow each other without overlap.
                List<MetricFile.Point> byTime = points.stream().sorted(Comparator.comparingLong(MetricFile.Point::timeUnixNano)).toList();
                for (int i = 1; i < byTime.size(); i++) {
                    assertThat(byTime.get(i).histogram().getStartTimeUnixNano()).as(diagnostics)
                            .isGreaterThanOrEqualTo(byTime.get(i - 1).histogram().getTimeUnixNano());
                }
            } else {
                // Cumulative points share one start and never shrink.
                assertThat(points.stream().map(p -> p.histogram().getStartTimeUnixNano()).distinct()).as(diagnostics).hasSize(1);
                List<Long> counts = points.stream().sorted(Comparator.comparingLong(MetricFile.Point::timeUnixNano))
                        .map(MetricFile.Point::count).toList();
                assertThat(counts).as(diagnostics).isSorted();
            }
            assertThat(a.stop(Duration.ofSeconds(20))).isZero();
            assertThat(b.stop(Duration.ofSeconds(20))).isZero();
        }
    }

    /** N so far: the sum of delta points, or the newest cumulative point. */
    private static long count(MetricFile file, Predicate<MetricFile.Point> which, AggregationTemporality temporality) {
        List<MetricFile.Point> points = file.points(ExchangeMetrics.HTTP_SERVER_DURATION_NAME).stream().filter(which).toList();
        if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
            return points.stream().mapToLong(MetricFile.Point::count).sum();
        }
        return points.stream().max(Comparator.comparingLong(MetricFile.Point::timeUnixNano)).map(MetricFile.Point::count).orElse(0L);
    }
}
