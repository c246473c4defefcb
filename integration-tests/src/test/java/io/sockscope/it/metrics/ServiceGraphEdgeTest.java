package io.sockscope.it.metrics;

import io.sockscope.it.support.SockscopeProcess;

import io.sockscope.bpf.testing.ExternalProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code servicegraph} connector behind the {@code ebpf} receiver, in {@code sockscope run} as a
 * user runs it: N curl requests to python3's http.server on 127.0.0.1 are one edge
 * {@code unknown_service:curl} → {@code unknown_service:python3...} counted N times, none failed,
 * in the metrics the connector hands to a {@code file} exporter.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceGraphEdgeTest {
    private static final int N = 12;
    private static final String TOTAL = "traces_service_graph_request_total";
    private static final String FAILED = "traces_service_graph_request_failed_total";

    @Test
    void nCurlRequestsToPythonAreOneEdgeCountedNTimes(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello\n");
        Path out = dir.resolve("servicegraph.jsonl");
        Path config = Files.writeString(dir.resolve("sockscope.yaml"), """
                receivers:
                  ebpf: {ports: [%d], network_local_attributes: true}
                processors:
                  batch: {timeout: 100ms}
                connectors:
                  servicegraph:
                    metrics_flush_interval: 1s
                    store: {ttl: 2s}
                exporters:
                  file: {path: %s, flush_interval: 100ms}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [servicegraph]}
                    metrics: {receivers: [servicegraph], exporters: [file]}
                """.formatted(port, out));
        MetricFile file = new MetricFile(out);
        try (SockscopeProcess sockscope = SockscopeProcess.run(config);
             ExternalProcess server = ExternalProcess.start(List.of("python3", "-m", "http.server", String.valueOf(port),
                     "--bind", "127.0.0.1", "--directory", www.toString())).awaitPort("127.0.0.1", port)) {
            sockscope.awaitReady(Duration.ofSeconds(40));
            for (int i = 0; i < N; i++) {
                assertThat(ExternalProcess.run(Duration.ofSeconds(10), "curl", "-sS", "--max-time", "5",
                        "http://127.0.0.1:" + port + "/hello.txt")).isEqualTo("hello\n");
            }
            // The awaitPort probe above is a connection without a request: no span, no edge.
            Map<List<Object>, Long> edges = awaitEdges(file, N, Duration.ofSeconds(20));
            Thread.sleep(3000); // the store's ttl and more flushes: nothing more may come
            edges = lastValues(file, TOTAL);
            String diagnostics = edges + "\n" + file.lines() + "\n" + sockscope.output();
            assertThat(edges).as(diagnostics).hasSize(1);
            Map.Entry<List<Object>, Long> edge = edges.entrySet().iterator().next();
            assertThat(edge.getKey().get(0)).as(diagnostics).isEqualTo("unknown_service:curl");
            assertThat((String) edge.getKey().get(1)).as(diagnostics).startsWith("unknown_service:python3");
            assertThat(edge.getKey().get(2)).as("connection_type").isEqualTo("");
            assertThat(edge.getKey().get(3)).as("failed").isEqualTo("false");
            assertThat(edge.getValue()).as(diagnostics).isEqualTo(N);
            assertThat(lastValues(file, FAILED).values()).as(diagnostics).allMatch(v -> v == 0);
            assertThat(file.points(TOTAL)).allSatisfy(p -> {
                assertThat(p.temporality().name()).isEqualTo("AGGREGATION_TEMPORALITY_CUMULATIVE");
                assertThat(p.number().getStartTimeUnixNano()).isPositive().isLessThanOrEqualTo(p.timeUnixNano());
            });
            assertThat(sockscope.stop(Duration.ofSeconds(20))).isZero();
        }
    }

    private static Map<List<Object>, Long> awaitEdges(MetricFile file, long n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<List<Object>, Long> edges = lastValues(file, TOTAL);
        while (edges.values().stream().mapToLong(Long::longValue).sum() < n && System.nanoTime() < deadline) {
            Thread.sleep(200);
            edges = lastValues(file, TOTAL);
        }
        return edges;
    }

    /** The newest value of each cumulative series, by (client, server, connection_type, failed). */
    private static Map<List<Object>, Long> lastValues(MetricFile file, String metric) {
        Map<List<Object>, Long> out = new LinkedHashMap<>();
        file.points(metric).stream().sorted(Comparator.comparingLong(MetricFile.Point::timeUnixNano)).forEach(p ->
                out.put(List.of(String.valueOf(p.attr("client")), String.valueOf(p.attr("server")),
                        String.valueOf(p.attr("connection_type")), String.valueOf(p.attr("failed"))), p.count()));
        return out;
    }
}
