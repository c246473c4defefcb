package io.sockscope.it.groundtruth;

import io.sockscope.bpf.testing.ExternalProcess;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One ground-truth run, the same for every runtime: one Sockscope with two pipelines, the kernel's
 * ({@code ebpf} receiver filtered to the server's port, into {@code file/ebpf}) and the SDKs' ({@code
 * otlp} receiver on OTLP/HTTP, into {@code file/sdk}); the server under test with its SDK exporting
 * to that receiver; then {@code GroundTruthClient} under the Java agent sends the fixed mix of
 * {@link #REQUESTS} requests. Once every span is in, everything stops (SDKs flush on SIGTERM) and the
 * spans of both files are matched request by request.
 */
final class GroundTruthRun {
    static final int REQUESTS = 200;
    static final String CLIENT_SERVICE = "groundtruth-client";
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CLIENT_RUN = Duration.ofSeconds(120);
    private static final Duration ARRIVE = Duration.ofSeconds(30);
    /** After the last expected span: long enough for any late extra span (batch 100 ms, file flush 100 ms). */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    private static final Duration STOP = Duration.ofSeconds(20);

    /** How to start the server under test: its command and environment, given its port and the OTLP/HTTP endpoint. */
    interface Server {
        String serviceName();

        Path workDir() throws IOException;

        List<String> command(int port, String otlpHttpEndpoint) throws IOException;

        Map<String, String> environment(int port, String otlpHttpEndpoint);
    }

    private GroundTruthRun() {
    }

    static GroundTruthReport run(String runtime, Server server, Path dir) throws Exception {
        int otlpPort = ExternalProcess.freePort();
        int appPort = ExternalProcess.freePort();
        Path kernelFile = dir.resolve("ebpf-spans.jsonl");
        Path sdkFile = dir.resolve("sdk-spans.jsonl");
        Path config = Files.writeString(dir.resolve("groundtruth.yaml"), """
                receivers:
                  ebpf: {ports: [%d]}
                  otlp:
                    protocols:
                      http: {endpoint: 127.0.0.1:%d}
                processors:
                  batch: {timeout: 100ms}
                exporters:
                  file/ebpf: {path: %s, flush_interval: 100ms}
                  file/sdk: {path: %s, flush_interval: 100ms}
                service:
                  pipelines:
                    traces/ebpf: {receivers: [ebpf], processors: [batch], exporters: [file/ebpf]}
                    traces/sdk: {receivers: [otlp], processors: [batch], exporters: [file/sdk]}
                """.formatted(appPort, otlpPort, kernelFile, sdkFile));
        String otlp = "http://127.0.0.1:" + otlpPort;

        try (Program sockscope = Program.start("sockscope", dir, dir, sockscopeCommand(config), Map.of());
             Program app = startServer(runtime, server, dir, sockscope, appPort, otlp);
             Program client = Program.start("client", dir, dir, clientCommand(appPort, otlp), Map.of())) {
            Diagnostics outputs = () -> sockscope.output() + "\n" + app.output() + "\n" + client.output();
            int clientExit = client.awaitExit(CLIENT_RUN);
            assertThat(clientExit).as("the client got every expected answer\n" + client.output()).isZero();

            Predicate<ExportedSpan> sdkServer = s -> s.kind() == SpanKind.SPAN_KIND_SERVER && server.serviceName().equals(s.serviceName());
            Predicate<ExportedSpan> sdkClient = s -> s.kind() == SpanKind.SPAN_KIND_CLIENT && CLIENT_SERVICE.equals(s.serviceName());
            Predicate<ExportedSpan> kernelServer = s -> s.kind() == SpanKind.SPAN_KIND_SERVER;
            Predicate<ExportedSpan> kernelClient = s -> s.kind() == SpanKind.SPAN_KIND_CLIENT && s.pid() == client.pid();
            await(sdkFile, sdkServer, REQUESTS, "SDK SERVER spans", outputs);
            await(sdkFile, sdkClient, REQUESTS, "SDK CLIENT spans", outputs);
            await(kernelFile, kernelServer, REQUESTS, "kernel SERVER spans", outputs);
            await(kernelFile, kernelClient, REQUESTS, "kernel CLIENT spans", outputs);
            Thread.sleep(SETTLE.toMillis());

            assertThat(app.stop(STOP)).as("the server stops on SIGTERM\n" + app.output()).isIn(0, 143);
            assertThat(sockscope.stop(STOP)).as("sockscope exit code on SIGTERM\n" + sockscope.output()).isZero();

            List<ExportedSpan> sdk = ExportedSpan.readAll(sdkFile);
            List<ExportedSpan> kernel = ExportedSpan.readAll(kernelFile);
            SpanMatcher.Result servers = SpanMatcher.match(sdk.stream().filter(sdkServer).toList(),
                    kernel.stream().filter(kernelServer).toList());
            GroundTruthReport report = new GroundTruthReport(runtime, REQUESTS, servers,
                    clients(sdk.stream().filter(sdkClient).toList(), kernel.stream().filter(kernelClient).toList()));
            report.publish();
            return report;
        }
    }

    /** The kernel's CLIENT span is the child of the SDK's (the request carried the SDK's traceparent). */
    private static GroundTruthReport.ClientSpans clients(List<ExportedSpan> sdk, List<ExportedSpan> kernel) {
        Map<String, ExportedSpan> bySpanId = sdk.stream().collect(Collectors.toMap(ExportedSpan::spanId, s -> s, (a, b) -> a));
        List<Double> diffs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ExportedSpan k : kernel) {
            ExportedSpan parent = bySpanId.get(k.parentSpanId());
            if (parent != null && seen.add(parent.spanId())) {
                diffs.add(Math.abs(k.durationNanos() - parent.durationNanos()) / 1e6);
            }
        }
        double[] sorted = diffs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new GroundTruthReport.ClientSpans(sdk.size(), kernel.size(), diffs.size(), GroundTruthReport.median(sorted));
    }

    private static Program startServer(String runtime, Server server, Path dir, Program sockscope, int port, String otlp)
            throws IOException, InterruptedException {
        sockscope.awaitLine("sockscope ready: ", START);
        Program app = Program.start(runtime.replaceAll("\\W+", "-"), dir, server.workDir(), server.command(port, otlp),
                server.environment(port, otlp));
        try {
            app.awaitLine("listening on " + port, START);
            return app;
        } catch (AssertionError | RuntimeException | IOException | InterruptedException e) {
            app.close();
            throw e;
        }
    }

    static List<String> sockscopeCommand(Path config) {
        // Surefire may start the test JVM from a manifest-only jar; this property has the real classpath.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(java(), "-cp", classpath, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "io.sockscope.cli.Main", "run", "--config", config.toString(),
                "--telemetry-address", "none");
    }

    /** A single-file Java program from resources/groundtruth under the OpenTelemetry Java agent. */
    static List<String> underJavaAgent(String serviceName, String otlp, String program, String... args) throws IOException {
        Path agent = Path.of(System.getProperty("basedir", "."), "target", "agent", "opentelemetry-javaagent.jar");
        assertThat(agent).as("the agent, copied by maven-dependency-plugin in generate-test-resources").isRegularFile();
        List<String> cmd = new ArrayList<>(List.of(java(), "-javaagent:" + agent,
                // the agent stays off in JDK tools, and the source launcher looks like one to it
                "-Dotel.javaagent.enabled=true",
                "-Dotel.service.name=" + serviceName,
                "-Dotel.exporter.otlp.endpoint=" + otlp,
                "-Dotel.exporter.otlp.protocol=http/protobuf",
                "-Dotel.traces.exporter=otlp",
                "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none",
                "-Dotel.bsp.schedule.delay=200",
                resource(program).toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> clientCommand(int appPort, String otlp) throws IOException {
        return underJavaAgent(CLIENT_SERVICE, otlp, "GroundTruthClient.java", "http://127.0.0.1:" + appPort,
                String.valueOf(REQUESTS));
    }

    static Path resource(String name) {
        try {
            return Path.of(GroundTruthRun.class.getResource("/groundtruth/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("test resource groundtruth/" + name + " not found", e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }


    interface Diagnostics {
        String text() throws IOException;
    }

    private static void await(Path file, Predicate<ExportedSpan> wanted, int count, String what, Diagnostics diagnostics)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ARRIVE.toNanos();
        while (true) {
            long found = ExportedSpan.readAll(file).stream().filter(wanted).count();
            if (found >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                // not a failure by itself: the report names what is missing; show why in the log
                System.out.println(count + " " + what + " expected within " + ARRIVE + ", found " + found + "\n"
                        + diagnostics.text());
                return;
            }
            Thread.sleep(200);
        }
    }
}
