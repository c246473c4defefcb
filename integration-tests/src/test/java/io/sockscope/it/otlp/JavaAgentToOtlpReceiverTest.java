package io.sockscope.it.otlp;

import io.sockscope.it.support.SockscopeProcess;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.sockscope.bpf.testing.ExternalProcess;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real OTLP client into Sockscope's {@code otlp} receiver: the OpenTelemetry Java agent 2.33.1
 * instruments a JDK {@code com.sun.net.httpserver} program and exports its spans over OTLP/gRPC, and
 * over OTLP/HTTP (protobuf); Sockscope's {@code file} exporter must write them intact. "Intact" is
 * checked against the agent's own record of what it sent: its console exporter logs each span's
 * name, trace id and span id next to the OTLP export.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaAgentToOtlpReceiverTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration ARRIVE = Duration.ofSeconds(20);
    /** The console exporter's line: {@code 'GET /' : <trace id> <span id> SERVER [tracer: ...] ...}. */
    private static final Pattern CONSOLE_SPAN = Pattern.compile("'([^']+)' : ([0-9a-f]{32}) ([0-9a-f]{16}) SERVER ");

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(strings = {"grpc", "http/protobuf"})
    void agentSpansComeOutOfTheFileExporterIntact(String protocol, @TempDir Path dir) throws Exception {
        boolean grpc = protocol.equals("grpc");
        int otlpPort = ExternalProcess.freePort();
        int appPort = ExternalProcess.freePort();
        Path spansOut = dir.resolve("agent-spans.jsonl");
        Path config = Files.writeString(dir.resolve("receiver.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      %s: {endpoint: 127.0.0.1:%d}
                exporters:
                  file: {path: %s, flush_interval: 100ms}
                service:
                  pipelines:
                    traces: {receivers: [otlp], exporters: [file]}
                """.formatted(grpc ? "grpc" : "http", otlpPort, spansOut));

        try (SockscopeProcess sockscope = SockscopeProcess.run(config);
             AgentDemo app = AgentDemo.start(dir, appPort, "http://127.0.0.1:" + otlpPort, protocol)) {
            assertThat(sockscope.awaitReady(START)).contains("traces [otlp] →", "otlp listening on");
            app.awaitListening(START);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            Map<String, Integer> requests = Map.of("/hello", 200, "/hello?again=1", 200, "/nothing-here", 404);
            for (Map.Entry<String, Integer> r : requests.entrySet()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.uri(r.getKey()))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(r.getKey()).isEqualTo(r.getValue());
            }

            SpanFile file = new SpanFile(spansOut);
            SpanFile.Diagnostics outputs = () -> "sockscope:\n" + sockscope.output() + "\napp:\n" + app.output();
            List<SpanFile.Exported> spans = file.await(s -> "agent-demo".equals(s.resourceString("service.name")),
                    requests.size(), ARRIVE, outputs);
            assertThat(spans).hasSize(requests.size());

            Map<String, String> sentNames = app.consoleSpans(requests.size(), ARRIVE);
            for (SpanFile.Exported s : spans) {
                assertThat(s.resourceString("service.name")).isEqualTo("agent-demo");
                assertThat(s.resourceString("telemetry.sdk.language")).isEqualTo("java");
                assertThat(s.resourceString("telemetry.distro.version")).isEqualTo("2.33.1");
                assertThat(s.resourceLong("process.pid")).isEqualTo(app.pid());
                assertThat(s.scope().getName()).isEqualTo("io.opentelemetry.java-http-server");
                assertThat(s.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
                assertThat(s.span().getName()).startsWith("GET");
                assertThat(s.string("http.request.method")).isEqualTo("GET");
                assertThat(s.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
                assertThat(s.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
                assertThat(s.span().getParentSpanId().isEmpty()).as("a root span").isTrue();
                assertThat(s.durationNanos()).isPositive().isLessThan(Duration.ofSeconds(5).toNanos());
                // what the agent logged sending: the same ids and name
                assertThat(sentNames).containsEntry(s.traceId() + " " + s.spanId(), s.span().getName());
            }
            assertThat(spans).extracting(s -> s.string("url.path") + " " + s.integer("http.response.status_code"))
                    .containsExactlyInAnyOrder("/hello 200", "/hello 200", "/nothing-here 404");
            assertThat(spans).filteredOn(s -> "again=1".equals(s.string("url.query"))).hasSize(1);
            assertThat(file.lines()).allMatch(l -> l.startsWith("{\"resourceSpans\":[") && l.endsWith("}"));
            assertThat(file.rawIds("traceId")).hasSize(requests.size()).allMatch(id -> id.matches("[0-9a-f]{32}"));
            assertThat(file.rawIds("spanId")).hasSize(requests.size()).allMatch(id -> id.matches("[0-9a-f]{16}"));

            app.close(); // first: the agent flushes at exit, to a receiver still there
            assertThat(sockscope.stop(Duration.ofSeconds(20))).as("exit code on SIGTERM\n" + sockscope.output()).isZero();
        }
    }

    /** The demo server under the agent, in its own JVM; always stopped on close. */
    private static final class AgentDemo implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final int port;

        private AgentDemo(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        static AgentDemo start(Path dir, int port, String endpoint, String protocol) throws IOException, URISyntaxException {
            Path agent = Path.of(System.getProperty("basedir", "."), "target", "agent", "opentelemetry-javaagent.jar");
            assertThat(agent).as("the agent, copied by maven-dependency-plugin in generate-test-resources").isRegularFile();
            Path source = Path.of(JavaAgentToOtlpReceiverTest.class.getResource("/otlp/AgentDemoServer.java").toURI());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-javaagent:" + agent,
                    // the agent stays off in JDK tools, and the source launcher looks like one to it
                    "-Dotel.javaagent.enabled=true",
                    "-Dotel.service.name=agent-demo",
                    "-Dotel.exporter.otlp.endpoint=" + endpoint,
                    "-Dotel.exporter.otlp.protocol=" + protocol,
                    "-Dotel.traces.exporter=otlp,console",
                    "-Dotel.metrics.exporter=none",
                    "-Dotel.logs.exporter=none",
                    "-Dotel.bsp.schedule.delay=200",
                    source.toString(), String.valueOf(port)));
            Path log = Files.createTempFile(dir, "agent-demo-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            SockscopeProcess.withoutOtelEnvironment(pb.environment());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            return new AgentDemo(pb.start(), log, port);
        }

        long pid() {
            return process.pid();
        }

        URI uri(String pathAndQuery) {
            return URI.create("http://127.0.0.1:" + port + pathAndQuery);
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        void awaitListening(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains("listening on " + port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the agent demo did not start within " + timeout + ":\n" + output());
                }
                Thread.sleep(50);
            }
        }

        /** "traceId spanId" → span name, as the agent's console exporter logged them. */
        Map<String, String> consoleSpans(int count, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Matcher m = CONSOLE_SPAN.matcher(output());
                List<String[]> found = new ArrayList<>();
                while (m.find()) {
                    found.add(new String[]{m.group(2) + " " + m.group(3), m.group(1)});
                }
                if (found.size() >= count) {
                    return found.stream().collect(Collectors.toMap(f -> f[0], f -> f[1]));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(count + " spans expected in the agent's console output:\n" + output());
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
