package io.sockscope.it.exchange;

import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.it.support.SockscopeProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sockscope run} and the scheduling policy of its threads: at SCHED_IDLE while its ring buffer
 * keeps up, back at the normal policy while a saturating load overflows a small ring or a full
 * sending queue drops spans, and yielding again once the load is gone; never with
 * {@code cpu_priority: normal}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CpuPriorityTest {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_IDLE = 5;
    private static final Duration T = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void yieldsWhileItKeepsUpAndCompetesUnderSaturation(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        int telemetry = ExternalProcess.freePort();
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), port, "location / { return 200 \"ok\"; }");
             SockscopeProcess sockscope = SockscopeProcess.start("run", "--config", config(dir, port, "").toString(),
                     "--telemetry-address", "127.0.0.1:" + telemetry)) {
            assertThat(sockscope.awaitReady(T)).contains("cpu_priority background");
            awaitMetric(telemetry, "sockscope_receiver_cpu_priority_background", v -> v == 1, sockscope);
            Map<String, Integer> policies = policies(sockscope.pid());
            assertThat(policies).as("the reader yields").containsEntry("sockscope-ebpf-", SCHED_IDLE)
                    .as("the watcher keeps the normal policy").containsEntry("sockscope-cpu-p", SCHED_OTHER);

            // wrk and nginx on every CPU, against a 1 MiB ring: it fills, and Sockscope competes again
            ExternalProcess.run(Duration.ofSeconds(30), "wrk", "-t2", "-c64", "-d5s", "http://127.0.0.1:" + port + "/");
            assertThat(metric(telemetry, "sockscope_receiver_cpu_priority_raised")).as(sockscope.output()).isPositive();

            // the load is gone: after its calm period it yields again, and it kept tracing all along
            awaitMetric(telemetry, "sockscope_receiver_cpu_priority_background", v -> v == 1, sockscope);
            assertThat(policies(sockscope.pid())).containsEntry("sockscope-ebpf-", SCHED_IDLE);
            assertThat(metric(telemetry, "sockscope_receiver_exchanges")).isPositive();
            assertThat(sockscope.stop(T)).as(sockscope.output()).isZero();
        }
    }

    @Test
    void spansDroppedByAFullSendingQueueRaiseItToo(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        int telemetry = ExternalProcess.freePort();
        int nobody = ExternalProcess.freePort(); // no backend listens here
        Path config = Files.writeString(dir.resolve("sockscope.yaml"), """
                receivers:
                  ebpf: {ports: [%d]}
                processors:
                  batch: {timeout: 50ms}
                exporters:
                  otlp_grpc:
                    endpoint: 127.0.0.1:%d
                    tls: {insecure: true}
                    sending_queue: {num_consumers: 1, queue_size: 1}
                    retry_on_failure: {initial_interval: 10s}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [otlp_grpc]}
                """.formatted(port, nobody));
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), port, "location / { return 200 \"ok\"; }");
             SockscopeProcess sockscope = SockscopeProcess.start("run", "--config", config.toString(),
                     "--telemetry-address", "127.0.0.1:" + telemetry)) {
            sockscope.awaitReady(T);
            awaitMetric(telemetry, "sockscope_receiver_cpu_priority_background", v -> v == 1, sockscope);
            // one batch retries in the only consumer, one waits in the queue, the rest are dropped
            for (int i = 0; i < 5; i++) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                Thread.sleep(300);
            }
            awaitMetric(telemetry, "otelcol_exporter_enqueue_failed_spans", v -> v > 0, sockscope);
            awaitMetric(telemetry, "sockscope_receiver_cpu_priority_raised", v -> v > 0, sockscope);
            assertThat(metric(telemetry, "sockscope_receiver_kernel_events_lost")).isZero();
        }
    }

    @Test
    void normalKeepsTheNormalPolicy(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        int telemetry = ExternalProcess.freePort();
        try (SockscopeProcess sockscope = SockscopeProcess.start("run", "--config",
                config(dir, port, "cpu_priority: normal").toString(), "--telemetry-address", "127.0.0.1:" + telemetry)) {
            assertThat(sockscope.awaitReady(T)).doesNotContain("cpu_priority");
            Thread.sleep(500); // longer than the watcher's first look, were there one
            assertThat(policies(sockscope.pid())).containsKey("sockscope-ebpf-").allSatisfy((name, policy) ->
                    assertThat(policy).as(name).isEqualTo(SCHED_OTHER));
            assertThat(metric(telemetry, "sockscope_receiver_cpu_priority_background")).isEqualTo(-1);
            assertThat(sockscope.stop(T)).as(sockscope.output()).isZero();
        }
    }

    private static Path config(Path dir, int port, String extra) throws IOException {
        return Files.writeString(dir.resolve("sockscope.yaml"), """
                receivers:
                  ebpf: {ports: [%d], ring_buffer_mib: 1, capture_bytes: 16384%s}
                processors:
                  batch: {}
                exporters:
                  nop: {}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [nop]}
                """.formatted(port, extra.isEmpty() ? "" : ", " + extra));
    }

    /** Scheduling policy by thread name (the kernel keeps 15 characters), from /proc/PID/task/TID/stat. */
    private static Map<String, Integer> policies(long pid) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                out.put(name, Integer.parseInt(fields[41 - 3])); // field 41, counting pid as 1
            }
        }
        return out;
    }

    /** The value of a metric on Sockscope's own /metrics, summed over its series; -1 when absent. */
    private long metric(int port, String name) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long sum = -1;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum = Math.max(sum, 0) + (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private void awaitMetric(int port, String name, Predicate<Long> wanted, SockscopeProcess sockscope) throws Exception {
        long deadline = System.nanoTime() + T.toNanos();
        long v;
        while (!wanted.test(v = metric(port, name))) {
            assertThat(System.nanoTime()).as(name + " = " + v + "\n" + sockscope.output()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
