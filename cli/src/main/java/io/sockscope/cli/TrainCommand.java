package io.sockscope.cli;

import io.sockscope.cli.ebpf.EbpfReceiverFactory;
import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.assembly.RunningService;
import io.sockscope.pipeline.assembly.ServiceAssembler;
import io.sockscope.pipeline.assembly.Validation;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code sockscope train}: the training run of the JVM's ahead-of-time cache (JEP 483, 514, 515). The
 * launcher runs it once per build with {@code -XX:AOTCacheOutput}; the JVM then writes the classes it
 * loaded and linked and the profiles of the methods it ran, and {@code sockscope run} starts from them
 * with {@code -XX:AOTCache}. Without the cache, C1 and C2 were still compiling 20-50 s into bench/cost.sh's
 * load (1.4 of 5 µs per exchange): the export path (gRPC, Netty, protobuf) runs a few times a second, so
 * its methods reach the compile thresholds slowly.
 *
 * <p>So the training runs the path {@code sockscope run} runs: the probes on a real HTTP/1.1 load
 * ({@link TrainingLoad}, a child JVM, so that they see it), both ends of each exchange, {@code batch},
 * {@code otlp_grpc} with gzip into an {@code otlp} receiver in this JVM, RED and TCP metrics the same way,
 * and one scrape of the own-metrics endpoint. The probes trace only the load's port: nothing else on the
 * host is exported. Exits 1 when no exchange got through, so the launcher keeps no cache of a broken run.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
        description = "Run the pipeline on a short loopback HTTP load: the training run of the launcher's AOT cache.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "15", description = "How long the load runs. Default ${DEFAULT-VALUE}.")
    int seconds;

    @Override
    public Integer call() throws Exception {
        int loadPort = freePort();
        int sinkPort = freePort();
        ComponentRegistry registry = ComponentRegistry.withBuiltins().register(new EbpfReceiverFactory());
        Validation traced = validated("training configuration", traced(loadPort, sinkPort), registry);
        Validation sinkConfig = validated("training sink", sink(sinkPort), registry);
        SelfTelemetry telemetry = SelfTelemetry.global();
        // The sink is a service of its own, stopped last: a service stops its receivers first, and the
        // traced service's last batches must still find it.
        RunningService sink = ServiceAssembler.assemble(sinkConfig.config(), telemetry);
        sink.start();
        int loadExit;
        try (Session session = Session.start(traced.config(), telemetry, "127.0.0.1:0")) {
            System.err.printf("sockscope train: %d s of HTTP/1.1 on 127.0.0.1:%d, traced and exported over OTLP/gRPC to 127.0.0.1:%d%n",
                    seconds, loadPort, sinkPort);
            loadExit = runLoad(loadPort);
            scrape(session.telemetryPort());
        } finally {
            sink.shutdown();
        }
        Map<String, Long> s = telemetry.snapshot();
        long exchanges = Summary.sum(telemetry, "sockscope_receiver_exchanges");
        long sent = s.getOrDefault(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "otlp_grpc"), 0L);
        long received = s.getOrDefault(SelfTelemetry.series("otelcol_receiver_accepted_spans", "receiver", "otlp"), 0L);
        System.err.printf("sockscope train: load exit %d; kernel events read %d, lost %d; exchanges %d; spans sent over OTLP/gRPC %d, received %d%n",
                loadExit, Summary.sum(telemetry, "sockscope_receiver_kernel_events_read"),
                Summary.sum(telemetry, "sockscope_receiver_kernel_events_lost"), exchanges, sent, received);
        return loadExit == 0 && exchanges > 0 && received > 0 ? Main.EXIT_OK : 1;
    }

    /** Both pipelines of the default configuration, exported over OTLP/gRPC to {@link #sink}. */
    static String traced(int loadPort, int sinkPort) {
        return """
                receivers:
                  ebpf: {ports: [%d], metrics_interval: 2s}
                processors:
                  batch: {}
                exporters:
                  otlp_grpc: {endpoint: 127.0.0.1:%d, tls: {insecure: true}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [otlp_grpc]}
                    metrics: {receivers: [ebpf], processors: [batch], exporters: [otlp_grpc]}
                """.formatted(loadPort, sinkPort);
    }

    static String sink(int port) {
        return """
                receivers:
                  otlp: {protocols: {grpc: {endpoint: 127.0.0.1:%d}}}
                exporters:
                  nop: {}
                service:
                  pipelines:
                    traces: {receivers: [otlp], exporters: [nop]}
                    metrics: {receivers: [otlp], exporters: [nop]}
                """.formatted(port);
    }

    private static Validation validated(String name, String yaml, ComponentRegistry registry) {
        Validation v = ConfigValidator.validate(name, yaml, registry, System::getenv);
        if (!v.ok()) {
            throw new IllegalStateException("the " + name + " is invalid:\n" + v.report());
        }
        return v;
    }

    private int runLoad(int port) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), TrainingLoad.class.getName(),
                Integer.toString(port), Integer.toString(seconds)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // the training's own JVM flags are not the load's
        Process load = pb.start();
        try {
            if (!load.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                System.err.println("sockscope train: the load did not finish; stopping it");
                return 1;
            }
            return load.exitValue();
        } finally {
            load.destroyForcibly().waitFor();
        }
    }

    /** As Prometheus would: the endpoint's code belongs in the cache too. */
    private static void scrape(int port) throws IOException {
        if (port < 0) {
            return;
        }
        try (InputStream in = URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream()) {
            in.readAllBytes();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
