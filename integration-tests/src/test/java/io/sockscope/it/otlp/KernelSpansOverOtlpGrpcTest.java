package io.sockscope.it.otlp;

import io.sockscope.it.support.SockscopeProcess;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.sockscope.bpf.testing.ExternalProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "OTLP out" path end to end, as root on this kernel: curl asks python3's http.server (on
 * 127.0.0.1) for a file and for a missing one; one Sockscope traces both from the kernel and exports
 * over OTLP/gRPC to a second Sockscope, whose {@code otlp} receiver writes what it gets with the
 * {@code file} exporter. Both sides' spans must arrive with the HTTP semantic conventions, the right
 * processes as resources and plausible times; both Sockscopes stop on SIGTERM with exit code 0 and
 * leave no BPF link behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KernelSpansOverOtlpGrpcTest {
    private static final Duration START = Duration.ofSeconds(40);
    private static final Duration ARRIVE = Duration.ofSeconds(20);
    private static final Duration STOP = Duration.ofSeconds(20);
    /** Both spans' times come from the same kernel clock; allow for its conversion to wall time. */
    private static final long CLOCK_NOISE_NANOS = 2_000_000;

    /** One curl run: what it got, from which local port, as which process. */
    private record Curl(int status, int localPort, long pid) {
    }

    @Test
    void curlAndPythonSpansArriveAtASecondSockscopeOverOtlpGrpc(@TempDir Path dir) throws Exception {
        int httpPort = ExternalProcess.freePort();
        int otlpPort = ExternalProcess.freePort();
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello from the server\n");
        Path spansOut = dir.resolve("received.jsonl");

        Path collectorConfig = Files.writeString(dir.resolve("collector.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc: {endpoint: 127.0.0.1:%d}
                exporters:
                  file: {path: %s, flush_interval: 100ms}
                service:
                  pipelines:
                    traces: {receivers: [otlp], exporters: [file]}
                """.formatted(otlpPort, spansOut));
        Path tracerConfig = Files.writeString(dir.resolve("tracer.yaml"), """
                receivers:
                  ebpf: {ports: [%d]}
                processors:
                  batch: {timeout: 100ms}
                exporters:
                  otlp_grpc:
                    endpoint: 127.0.0.1:%d
                    tls: {insecure: true}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [otlp_grpc]}
                """.formatted(httpPort, otlpPort));

        SortedSet<Long> linksBefore = BpfLinks.rawTracepointLinks();
        List<Long> tracerLinks;
        long testStart = System.currentTimeMillis() * 1_000_000;
        List<String> serverCommand = new ArrayList<>(withoutOtelEnvironment());
        serverCommand.addAll(List.of(python3(), "-m", "http.server", String.valueOf(httpPort), "--bind", "127.0.0.1",
                "--directory", www.toString()));
        ExternalProcess python = ExternalProcess.start(serverCommand);
        try (python;
             SockscopeProcess collector = SockscopeProcess.run(collectorConfig);
             SockscopeProcess tracer = startAfter(python, httpPort, tracerConfig)) {
            assertThat(collector.awaitReady(START)).contains("traces [otlp] →", "→ [file]", "otlp listening on grpc 127.0.0.1:" + otlpPort,
                    "file → " + spansOut);
            assertThat(tracer.awaitReady(START)).contains("traces [ebpf] →", "→ [otlp_grpc]", "tracing ports [" + httpPort + "]",
                    "otlp_grpc → 127.0.0.1:" + otlpPort + " (insecure)");
            tracerLinks = BpfLinks.heldBy(tracer.pid());
            assertThat(tracerLinks).as("BPF links held by the tracing Sockscope").isNotEmpty();

            Curl ok = curl("http://127.0.0.1:" + httpPort + "/hello.txt");
            Curl missing = curl("http://127.0.0.1:" + httpPort + "/missing");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(missing.status()).isEqualTo(404);

            // Arrive while both run: the batch timeout and the file's flush, not the shutdown flush.
            SpanFile file = new SpanFile(spansOut);
            SpanFile.Diagnostics outputs = () -> "tracer:\n" + tracer.output() + "\ncollector:\n" + collector.output();
            List<SpanFile.Exported> spans = file.await(s -> true, 4, ARRIVE, outputs);
            long testEnd = System.currentTimeMillis() * 1_000_000;

            assertThat(spans).as("exactly the four spans of the two requests").hasSize(4);
            for (Curl c : List.of(ok, missing)) {
                String path = c == ok ? "/hello.txt" : "/missing";
                SpanFile.Exported server = only(spans, s -> s.span().getKind() == SpanKind.SPAN_KIND_SERVER
                        && Long.valueOf(c.localPort()).equals(s.integer("network.peer.port")), "server span of " + path);
                SpanFile.Exported client = only(spans, s -> s.span().getKind() == SpanKind.SPAN_KIND_CLIENT
                        && Long.valueOf(c.pid()).equals(s.resourceLong("process.pid")), "client span of " + path);

                assertThat(server.resourceString("service.name")).startsWith("unknown_service:python3");
                assertThat(server.resourceLong("process.pid")).isEqualTo(python.pid());
                assertThat(server.resourceString("process.executable.name")).startsWith("python3");
                assertThat(server.scope().getName()).isEqualTo("io.sockscope");
                assertThat(server.span().getName()).isEqualTo("GET");
                assertThat(server.string("http.request.method")).isEqualTo("GET");
                assertThat(server.string("url.path")).isEqualTo(path);
                assertThat(server.string("url.scheme")).isEqualTo("http");
                assertThat(server.integer("http.response.status_code")).isEqualTo(c.status());
                assertThat(server.string("server.address")).isEqualTo("127.0.0.1");
                assertThat(server.integer("server.port")).isEqualTo(httpPort);
                assertThat(server.string("client.address")).isEqualTo("127.0.0.1");
                assertThat(server.string("network.peer.address")).isEqualTo("127.0.0.1");
                assertThat(server.integer("network.peer.port")).isEqualTo(c.localPort());
                assertThat(server.string("user_agent.original")).startsWith("curl/");
                // 404 is the server doing its job: not an error on the server side
                assertThat(server.span().getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);

                assertThat(client.resourceString("service.name")).isEqualTo("unknown_service:curl");
                assertThat(client.resourceString("process.executable.name")).isEqualTo("curl");
                assertThat(client.span().getName()).isEqualTo("GET");
                assertThat(client.string("http.request.method")).isEqualTo("GET");
                assertThat(client.string("url.full")).isEqualTo("http://127.0.0.1:" + httpPort + path);
                assertThat(client.integer("http.response.status_code")).isEqualTo(c.status());
                assertThat(client.string("server.address")).isEqualTo("127.0.0.1");
                assertThat(client.integer("server.port")).isEqualTo(httpPort);
                // a client span's peer is the server (semantic conventions: network.peer.* is the remote end)
                assertThat(client.string("network.peer.address")).isEqualTo("127.0.0.1");
                assertThat(client.integer("network.peer.port")).isEqualTo(httpPort);
                if (c == missing) {
                    assertThat(client.string("error.type")).isEqualTo("404");
                    assertThat(client.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
                }

                for (SpanFile.Exported s : List.of(server, client)) {
                    assertThat(s.durationNanos()).as("duration of " + s.span().getKind()).isPositive()
                            .isLessThan(Duration.ofSeconds(5).toNanos());
                    assertThat(s.span().getStartTimeUnixNano()).as("start on the wall clock")
                            .isBetween(testStart - 1_000_000_000L, testEnd);
                }
                assertThat(client.span().getStartTimeUnixNano()).as("client starts before the server")
                        .isLessThanOrEqualTo(server.span().getStartTimeUnixNano() + CLOCK_NOISE_NANOS);
                assertThat(client.span().getEndTimeUnixNano()).as("client ends after the server")
                        .isGreaterThanOrEqualTo(server.span().getEndTimeUnixNano() - CLOCK_NOISE_NANOS);
            }
            assertThat(file.lines()).as("one OTLP JSON object a line").allMatch(l -> l.startsWith("{\"resourceSpans\":[")
                    && l.endsWith("}"));
            assertThat(file.rawIds("traceId")).hasSize(4).allMatch(id -> id.matches("[0-9a-f]{32}") && !id.matches("0+"));
            assertThat(file.rawIds("spanId")).hasSize(4).allMatch(id -> id.matches("[0-9a-f]{16}") && !id.matches("0+"));

            assertThat(tracer.stop(STOP)).as("tracer exit code on SIGTERM\n" + tracer.output()).isZero();
            assertThat(tracer.output()).contains("sockscope: stopped.");
            assertThat(collector.stop(STOP)).as("collector exit code on SIGTERM\n" + collector.output()).isZero();
            assertThat(new SpanFile(spansOut).spans()).as("nothing more after shutdown").hasSize(4);
        }

        assertThat(BpfLinks.rawTracepointLinks()).as("the tracer's links are gone").doesNotContainAnyElementsOf(tracerLinks);
        // Same count as before, but for links another live program (a test running alongside) holds.
        assertThat(BpfLinks.orphanedSince(linksBefore)).as("tp_btf links left behind").isEmpty();
    }

    /**
     * The tracer, once the server accepts connections: the readiness probe's empty connection stays
     * out of the trace.
     */
    private static SockscopeProcess startAfter(ExternalProcess server, int port, Path config)
            throws IOException, InterruptedException {
        server.awaitPort("127.0.0.1", port);
        return SockscopeProcess.run(config);
    }

    private static SpanFile.Exported only(List<SpanFile.Exported> spans, java.util.function.Predicate<SpanFile.Exported> p,
                                          String what) {
        List<SpanFile.Exported> found = spans.stream().filter(p).toList();
        assertThat(found).as(what + " in " + spans).hasSize(1);
        return found.getFirst();
    }

    private static Curl curl(String url) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("curl", "-sS", "--max-time", "10", "-o", "/dev/null",
                "-w", "%{http_code} %{local_port}", url).redirectError(ProcessBuilder.Redirect.DISCARD);
        SockscopeProcess.withoutOtelEnvironment(pb.environment());
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("curl ended").isTrue();
            assertThat(p.exitValue()).as("curl exit code, output: " + out).isZero();
            String[] parts = out.split(" ");
            return new Curl(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), p.pid());
        } finally {
            p.destroyForcibly();
        }
    }

    /** {@code env -u OTEL_...} for each OTEL_ variable set here; env execs, so the pid stays the program's. */
    private static List<String> withoutOtelEnvironment() {
        List<String> env = new ArrayList<>(List.of("env"));
        System.getenv().keySet().stream().filter(k -> k.startsWith("OTEL_")).sorted().forEach(k -> env.addAll(List.of("-u", k)));
        return env.size() == 1 ? List.of() : env;
    }

    /** The interpreter itself rather than a version manager's shim, so the pid started is python's. */
    private static String python3() throws IOException, InterruptedException {
        return ExternalProcess.run(Duration.ofSeconds(10), "python3", "-c", "import sys; print(sys.executable)").strip();
    }
}
