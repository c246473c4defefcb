package io.sockscope.bench;

import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.assembly.RunningService;
import io.sockscope.pipeline.assembly.ServiceAssembler;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving end of the span pipeline benchmark: our {@code otlp} receiver on 127.0.0.1 (gRPC, a
 * free port) in a service assembled from YAML, whose pipeline ends in an exporter that counts spans.
 * It runs in the benchmark's JVM ({@link #inThisJvm}) or in a JVM of its own ({@link #inOwnJvm}, this
 * class's {@link #main}), pinned to the CPUs the benchmark's JVM is not pinned to, so that the
 * measured JVM does only Sockscope's part of the work.
 */
abstract class StandInCollector implements AutoCloseable {
    /** One permit per span received. */
    final Semaphore spans = new Semaphore(0);

    abstract int port();

    abstract long received();

    /** Its own telemetry, for error messages. */
    abstract String counters();

    static StandInCollector inThisJvm() {
        return new InThisJvm();
    }

    static StandInCollector inOwnJvm() throws IOException {
        return new OwnJvm();
    }

    private static RunningService assemble(PipelineStandIns.CapturingOtlpReceiverFactory otlp,
                                           PipelineStandIns.CountingExporterFactory count, SelfTelemetry telemetry) {
        String yaml = """
                receivers:
                  otlp:
                    protocols:
                      grpc: {endpoint: "127.0.0.1:0"}
                exporters:
                  count: {}
                service:
                  pipelines:
                    traces: {receivers: [otlp], exporters: [count]}
                """;
        RunningService s = ServiceAssembler.assemble(ConfigValidator.validate("collector.yaml", yaml,
                new ComponentRegistry().register(otlp).register(count), Map.<String, String>of()::get).orThrow(), telemetry);
        s.start();
        return s;
    }

    private static final class InThisJvm extends StandInCollector {
        private final SelfTelemetry telemetry = new SelfTelemetry();
        private final PipelineStandIns.CountingExporterFactory count = new PipelineStandIns.CountingExporterFactory(spans::release);
        private final PipelineStandIns.CapturingOtlpReceiverFactory otlp = new PipelineStandIns.CapturingOtlpReceiverFactory();
        private final RunningService service = assemble(otlp, count, telemetry);

        @Override
        int port() {
            return otlp.created.grpcPort();
        }

        @Override
        long received() {
            return count.total.sum();
        }

        @Override
        String counters() {
            return telemetry.snapshot().toString();
        }

        @Override
        public void close() {
            service.shutdown();
        }
    }

    /** A child JVM running {@link #main}: it prints its port, then the span count of every batch it gets. */
    private static final class OwnJvm extends StandInCollector {
        private final Process process;
        private final AtomicLong total = new AtomicLong();
        private final int port;
        private final Path log;

        OwnJvm() throws IOException {
            log = Files.createTempFile("sockscope-bench-collector", ".log");
            List<String> command = new ArrayList<>();
            String otherCpus = otherCpus();
            if (otherCpus != null) {
                command.addAll(List.of("taskset", "-c", otherCpus));
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), StandInCollector.class.getName()));
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("port ")) {
                process.destroyForcibly();
                throw new IOException("the collector JVM did not start (" + command + "): " + first + "; see " + log);
            }
            port = Integer.parseInt(first.substring(5));
            Thread.ofPlatform().daemon().name("collector-counts").start(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        int n = Integer.parseInt(line);
                        total.addAndGet(n);
                        spans.release(n);
                    }
                } catch (IOException | NumberFormatException e) {
                    // the process ended; close() reports how
                }
            });
        }

        /** The CPUs this JVM may not run on, as a taskset list, or null when it may run on all of them. */
        private static String otherCpus() throws IOException {
            String allowed = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    allowed = line.substring(line.indexOf(':') + 1).strip();
                }
            }
            List<Integer> mine = new ArrayList<>();
            if (allowed != null) {
                for (String range : allowed.split(",")) {
                    String[] ends = range.split("-");
                    for (int c = Integer.parseInt(ends[0]); c <= Integer.parseInt(ends[ends.length - 1]); c++) {
                        mine.add(c);
                    }
                }
            }
            int online = Runtime.getRuntime().availableProcessors();
            try (var cpus = Files.list(Path.of("/sys/devices/system/cpu"))) {
                online = (int) cpus.filter(p -> p.getFileName().toString().matches("cpu\\d+")).count();
            }
            List<String> others = new ArrayList<>();
            for (int c = 0; c < online; c++) {
                if (!mine.contains(c)) {
                    others.add(Integer.toString(c));
                }
            }
            return others.isEmpty() ? null : String.join(",", others);
        }

        @Override
        int port() {
            return port;
        }

        @Override
        long received() {
            return total.get();
        }

        @Override
        String counters() {
            return "collector JVM log " + log;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.getOutputStream().close(); // its signal to shut down
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    /** The collector JVM: prints {@code port N}, then one line per batch received, until stdin closes. */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PipelineStandIns.CountingExporterFactory count = new PipelineStandIns.CountingExporterFactory(n -> {
            synchronized (out) {
                out.println(n);
            }
        });
        PipelineStandIns.CapturingOtlpReceiverFactory otlp = new PipelineStandIns.CapturingOtlpReceiverFactory();
        RunningService service = assemble(otlp, count, new SelfTelemetry());
        out.println("port " + otlp.created.grpcPort());
        while (System.in.read() >= 0) {
            // wait for the benchmark to close our stdin
        }
        service.shutdown();
    }
}
