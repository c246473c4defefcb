package io.sockscope.cli;

import io.sockscope.cli.ebpf.EbpfReceiverFactory;
import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.assembly.ServiceConfig;
import io.sockscope.pipeline.assembly.Validation;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
 * <p>So the training runs the path {@code sockscope run} runs, and only that: the probes on a real
 * HTTP/1.1 load ({@link TrainingLoad}, a child JVM, so that they see it), both ends of each exchange,
 * {@code batch}, {@code otlp_grpc} with gzip, RED and TCP metrics the same way, and one scrape of the
 * own-metrics endpoint. The OTLP sink runs in the child too: the cache is mapped whole into every
 * {@code run}, so classes only a sink needs (the gRPC server's) would cost resident memory there. The
 * probes trace only the load's port: nothing else on the host is exported. Exits 1 when no exchange got
 * through, so the launcher keeps no cache of a broken run.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
        description = "Run the pipeline on a short loopback HTTP load: the training run of the launcher's AOT cache.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "20", description = "How long the load runs. Default ${DEFAULT-VALUE}.")
    int seconds;

    @Override
    public Integer call() throws Exception {
        int loadPort = freePort();
        int sinkPort = freePort();
        ServiceConfig config = valid("training configuration", config(loadPort, sinkPort),
                ComponentRegistry.withBuiltins().register(new EbpfReceiverFactory()));
        SelfTelemetry telemetry = SelfTelemetry.global();
        Process load = null;
        long requests;
        long received;
        try {
            BufferedReader loadSays;
            try (Session session = Session.start(config, telemetry, "127.0.0.1:0")) {
                System.err.printf("sockscope train: %d s of HTTP/1.1 on 127.0.0.1:%d, traced and exported over OTLP/gRPC to 127.0.0.1:%d%n",
                        seconds, loadPort, sinkPort);
                load = startLoad(loadPort, sinkPort);
                loadSays = load.inputReader(StandardCharsets.US_ASCII);
                requests = Long.parseLong(awaitLine(loadSays, TrainingLoad.LOAD_DONE));
                scrape(session.telemetryPort());
            } // the last batches are flushed to the load's sink here
            load.getOutputStream().close(); // the sink may stop now
            received = Long.parseLong(awaitLine(loadSays, TrainingLoad.RECEIVED));
            if (!load.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("the load did not stop");
            }
        } finally {
            if (load != null) {
                load.destroyForcibly().waitFor();
            }
        }
        long exchanges = Summary.sum(telemetry, "sockscope_receiver_exchanges");
        long sent = telemetry.snapshot().getOrDefault(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "otlp_grpc"), 0L);
        System.err.printf("sockscope train: requests %d, load exit %d; kernel events read %d, lost %d; exchanges %d; spans sent over OTLP/gRPC %d, received %d%n",
                requests, load.exitValue(), Summary.sum(telemetry, "sockscope_receiver_kernel_events_read"),
                Summary.sum(telemetry, "sockscope_receiver_kernel_events_lost"), exchanges, sent, received);
        return load.exitValue() == 0 && exchanges > 0 && received > 0 ? Main.EXIT_OK : 1;
    }

    /**
     * Both pipelines of the default configuration, exported over OTLP/gRPC to the load's sink. Batches
     * go out every 50 ms and metrics every second rather than every 200 ms and 10 s: the export path runs
     * once per batch, and its profiles are what the cache holds only for methods that ran often enough.
     * At bench/cost.sh's load, 20 s of this training gave 3.5-3.8 µs per exchange 20-50 s in, against
     * 4.4 for 15 s with the defaults.
     */
    static String config(int loadPort, int sinkPort) {
        return """
                receivers:
                  ebpf: {ports: [%d], metrics_interval: 1s}
                processors:
                  batch: {timeout: 50ms}
                exporters:
                  otlp_grpc: {endpoint: 127.0.0.1:%d, tls: {insecure: true}}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], processors: [batch], exporters: [otlp_grpc]}
                    metrics: {receivers: [ebpf], processors: [batch], exporters: [otlp_grpc]}
                """.formatted(loadPort, sinkPort);
    }

    /** A configuration of the training's own making: invalid is a bug. */
    static ServiceConfig valid(String name, String yaml, ComponentRegistry registry) {
        Validation v = ConfigValidator.validate(name, yaml, registry, System::getenv);
        if (!v.ok()) {
            throw new IllegalStateException("the " + name + " is invalid:\n" + v.report());
        }
        return v.config();
    }

    private Process startLoad(int loadPort, int sinkPort) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), TrainingLoad.class.getName(),
                Integer.toString(loadPort), Integer.toString(sinkPort), Integer.toString(seconds));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // the training's own JVM flags are not the load's
        return pb.start();
    }

    /** The value after {@code prefix} on the load's next line that has it; fails if the load ends first. */
    private static String awaitLine(BufferedReader from, String prefix) throws IOException {
        String line;
        while ((line = from.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IOException("the load's output ended before '" + prefix.trim() + "' (its errors are above)");
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
