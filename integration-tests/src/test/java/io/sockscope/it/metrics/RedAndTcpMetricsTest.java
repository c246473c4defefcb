package io.sockscope.it.metrics;

import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.semconv.metrics.ExchangeMetrics;
import io.sockscope.semconv.metrics.L4Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics of the {@code ebpf} receiver from real traffic on loopback: curl against python3's
 * http.server, curl against a closed port, and a server that resets every connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedAndTcpMetricsTest {
    private static final int N = 25;
    private static Path dir;
    private static int httpPort;
    private static int closedPort;
    private static int resetPort;
    private static Process http;
    private static Process reset;
    private static LiveMetrics metrics;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("sockscope-metrics-it");
        httpPort = ExternalProcess.freePort();
        closedPort = ExternalProcess.freePort();
        resetPort = ExternalProcess.freePort();
        metrics = new LiveMetrics(List.of(httpPort, closedPort, resetPort));
        http = new ProcessBuilder("python3", "-m", "http.server", Integer.toString(httpPort), "--bind", "127.0.0.1")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("http.log").toFile()).start();
        Path script = dir.resolve("reset_server.py");
        try (InputStream in = RedAndTcpMetricsTest.class.getResourceAsStream("/metrics/reset_server.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        reset = new ProcessBuilder("python3", script.toString(), Integer.toString(resetPort)).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(reset.getInputStream()))) {
            assertThat(r.readLine()).isEqualTo("ready");
        }
        awaitListening(httpPort);
    }

    @AfterAll
    static void stop() throws IOException {
        if (metrics != null) {
            metrics.close();
        }
        for (Process p : new Process[]{http, reset}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void nCurlRequestsMakeHistogramsOfExactlyNWithTheConventionsAttributes() throws Exception {
        for (int i = 0; i < N; i++) {
            assertThat(curl("-s", "-o", "/dev/null", "http://127.0.0.1:" + httpPort + "/")).isZero();
        }
        String port = Integer.toString(httpPort);
        long servers = metrics.awaitTotal(ExchangeMetrics.HTTP_SERVER_DURATION_NAME,
                p -> p.resourceAttr("process.executable.name").startsWith("python"), N, Duration.ofSeconds(20));
        assertThat(servers).isEqualTo(N);
        Map<?, Long> serverSeries = metrics.series(ExchangeMetrics.HTTP_SERVER_DURATION_NAME,
                p -> p.resourceAttr("process.executable.name").startsWith("python"));
        assertThat(serverSeries).hasSize(1);
        LiveMetrics.Point sp = metrics.points(ExchangeMetrics.HTTP_SERVER_DURATION_NAME).getFirst();
        assertThat(sp.attr("http.request.method")).isEqualTo("GET");
        assertThat(sp.attr("url.scheme")).isEqualTo("http");
        assertThat(sp.attr("http.response.status_code")).isEqualTo("200");
        assertThat(sp.attr("network.protocol.version")).isEqualTo("1.1"); // the request's version (curl)
        assertThat(sp.attr("url.path")).isNull();
        assertThat(sp.attr("client.address")).isNull();
        assertThat(sp.attr("http.route")).isNull();
        assertThat(sp.histogram().getExplicitBoundsList()).containsExactly(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75,
                1.0, 2.5, 5.0, 7.5, 10.0);

        long clients = metrics.awaitTotal(ExchangeMetrics.HTTP_CLIENT_DURATION_NAME,
                p -> port.equals(p.attr("server.port")) && "127.0.0.1".equals(p.attr("server.address"))
                        && "200".equals(p.attr("http.response.status_code")) && "GET".equals(p.attr("http.request.method")),
                N, Duration.ofSeconds(20));
        assertThat(clients).isEqualTo(N);
        assertThat(metrics.points(ExchangeMetrics.HTTP_CLIENT_DURATION_NAME))
                .allSatisfy(p -> assertThat(p.resourceAttr("service.name")).isEqualTo("unknown_service:curl"));

        // TCP: every connection opened and closed on both ends, connect latency and RTT plausible.
        assertThat(metrics.awaitTotal(L4Metrics.OPENED_NAME, p -> "client".equals(p.attr("sockscope.tcp.role"))
                && port.equals(p.attr("server.port")), N, Duration.ofSeconds(10))).isEqualTo(N);
        assertThat(metrics.awaitTotal(L4Metrics.OPENED_NAME, p -> "server".equals(p.attr("sockscope.tcp.role"))
                && port.equals(p.attr("server.port")), N, Duration.ofSeconds(10))).isEqualTo(N);
        assertThat(metrics.awaitTotal(L4Metrics.CLOSED_NAME, p -> "client".equals(p.attr("sockscope.tcp.role"))
                && port.equals(p.attr("server.port")), N, Duration.ofSeconds(10))).isEqualTo(N);
        assertThat(metrics.awaitTotal(L4Metrics.CLOSED_NAME, p -> "server".equals(p.attr("sockscope.tcp.role"))
                && port.equals(p.attr("server.port")), N, Duration.ofSeconds(10))).isEqualTo(N);
        List<LiveMetrics.Point> connect = metrics.points(L4Metrics.CONNECT_DURATION_NAME).stream()
                .filter(p -> port.equals(p.attr("server.port"))).toList();
        assertThat(connect.stream().mapToLong(LiveMetrics.Point::count).sum()).isEqualTo(N);
        assertThat(connect).allSatisfy(p -> {
            assertThat(p.histogram().getMin()).isGreaterThan(0);
            assertThat(p.histogram().getMax()).isLessThan(1.0); // loopback: well under a second
        });
        List<LiveMetrics.Point> rtt = metrics.points(L4Metrics.RTT_NAME).stream()
                .filter(p -> port.equals(p.attr("server.port"))).toList();
        assertThat(rtt.stream().mapToLong(LiveMetrics.Point::count).sum()).isGreaterThanOrEqualTo(N);
        assertThat(rtt).allSatisfy(p -> {
            assertThat(p.histogram().getMin()).isGreaterThan(0);
            assertThat(p.histogram().getMax()).isLessThan(0.5);
        });
        long received = metrics.total(L4Metrics.IO_NAME, p -> "server".equals(p.attr("sockscope.tcp.role"))
                && "receive".equals(p.attr("network.io.direction")) && port.equals(p.attr("server.port")));
        assertThat(received).isGreaterThanOrEqualTo(N * 70L); // "GET / HTTP/1.1" + curl's headers, each time
        assertThat(metrics.total(L4Metrics.REFUSED_NAME, p -> port.equals(p.attr("server.port")))).isZero();
    }

    @Test
    void aConnectToAClosedPortIsRefused() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(curl("-s", "http://127.0.0.1:" + closedPort + "/")).isEqualTo(7); // couldn't connect
        }
        String port = Integer.toString(closedPort);
        assertThat(metrics.awaitTotal(L4Metrics.REFUSED_NAME, p -> port.equals(p.attr("server.port"))
                && "client".equals(p.attr("sockscope.tcp.role")) && "127.0.0.1".equals(p.attr("network.peer.address")), 3,
                Duration.ofSeconds(10))).isEqualTo(3);
        assertThat(metrics.total(L4Metrics.OPENED_NAME, p -> port.equals(p.attr("server.port")))).isZero();
    }

    @Test
    void aConnectionResetByThePeerIsCounted() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(curl("-s", "http://127.0.0.1:" + resetPort + "/")).isEqualTo(56); // recv failure: reset by peer
        }
        String port = Integer.toString(resetPort);
        assertThat(metrics.awaitTotal(L4Metrics.RESET_NAME, p -> port.equals(p.attr("server.port"))
                && "client".equals(p.attr("sockscope.tcp.role")), 4, Duration.ofSeconds(10))).isEqualTo(4);
        assertThat(metrics.total(L4Metrics.REFUSED_NAME, p -> port.equals(p.attr("server.port")))).isZero();
    }

    private static int curl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "--max-time", "5"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }


    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on " + port);
    }
}
