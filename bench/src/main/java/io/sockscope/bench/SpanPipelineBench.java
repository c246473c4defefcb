package io.sockscope.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.assembly.RunningService;
import io.sockscope.pipeline.assembly.ServiceAssembler;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.receiver.Exchange;
import io.sockscope.semconv.SpanBatcher;
import io.sockscope.semconv.SpanMapper;
import io.sockscope.semconv.resource.ResourceMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Span pipeline capacity: spans per second from exchanges to an OTLP receiver, on one core when the
 * JVM is pinned to one ({@code taskset -c 1}, as {@code bench/jmh.sh} does). One operation = one span.
 *
 * <ul>
 *   <li>{@link #mapping}: {@link SpanBatcher#toResourceSpans} (SpanMapper + ResourceMapper, grouping
 *       by process) over {@value #EXCHANGES_PER_POLL} exchanges at a time, what the ebpf receiver
 *       does after each poll of the ring buffer.</li>
 *   <li>{@link #endToEnd}: the same mapping, handed to a pipeline the assembler builds from YAML like
 *       the {@code sockscope run} one ({@code batch} with {@code send_batch_size: 8192} →
 *       {@code otlp_grpc} with its sending queue, gzip or not), sending over gRPC on 127.0.0.1 to our
 *       own {@code otlp} receiver in a second assembled service, a stand-in Collector whose pipeline
 *       ends in a counting exporter ({@link StandInCollector}). Each invocation maps
 *       {@value #SPANS_PER_INVOCATION} spans and returns only once the receiving side has counted all
 *       of them, so a span counts when it was received, not when it was queued. With
 *       {@code collector=same-jvm} the receiver's decompression and parsing share the core;
 *       with {@code own-jvm} they run in a child JVM on the other CPUs and the measured JVM does
 *       Sockscope's part only.</li>
 * </ul>
 *
 * <p>The exchanges are {@link ShopExchanges}: HTTP/1.1 server and client exchanges of six processes.
 * Read {@code cpu.score} ({@link CpuTimeProfiler}) next to the score when others share the CPU.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UseSerialGC", "-XX:MaxNewSize=48m", "-XX:SurvivorRatio=4", "-XX:TrimNativeHeapInterval=5000"}) // as the sockscope launcher runs
public class SpanPipelineBench {
    /** Exchanges per call of the batcher, as after one poll of the ring buffer under load. */
    static final int EXCHANGES_PER_POLL = 256;
    static final int SEND_BATCH_SIZE = 8192;
    /** 16 full batches, so no span waits for the batch timeout and the last batch's trip is 1/16 of the time. */
    static final int SPANS_PER_INVOCATION = 16 * SEND_BATCH_SIZE;
    static final int POOL = 64 * EXCHANGES_PER_POLL;
    /**
     * Spans handed on but not yet received before the benchmark thread waits: the batch being filled
     * plus one on its way. On one core the mapping thread would otherwise run ahead and fill the
     * sending queue, so the score would be the cost of collecting a growing backlog, not a rate the
     * pipeline sustains; and on one core more batches in flight overlap nothing.
     */
    static final int MAX_IN_FLIGHT = 2 * SEND_BATCH_SIZE;

    /** Exchanges cut into polls, and the batcher the ebpf receiver would use. */
    @State(Scope.Thread)
    public static class Exchanges {
        List<List<Exchange>> polls;
        SpanBatcher batcher;
        int next;

        @Setup(Level.Trial)
        public void generate() {
            List<Exchange> all = ShopExchanges.generate(POOL, 42);
            polls = new ArrayList<>();
            for (int i = 0; i < POOL; i += EXCHANGES_PER_POLL) {
                polls.add(List.copyOf(all.subList(i, i + EXCHANGES_PER_POLL)));
            }
            batcher = new SpanBatcher(SpanMapper.create(), new ResourceMapper("node-7.shop.internal"));
        }

        List<ResourceSpans> mapNextPoll() {
            List<Exchange> poll = polls.get(next);
            next = next + 1 == polls.size() ? 0 : next + 1;
            return batcher.toResourceSpans(poll);
        }
    }

    /** A sending service (replay → batch → otlp_grpc) and a stand-in Collector (otlp → count). */
    @State(Scope.Thread)
    public static class Pipelines {
        /** The exporter's {@code compression}: gzip is its default (and the Collector's). */
        @Param({"gzip", "none"})
        public String compression;

        /**
         * Where the receiving side runs: {@code same-jvm} (one core does everything, receiver included)
         * or {@code own-jvm} (a child JVM on the other CPUs: the measured JVM does only Sockscope's part).
         */
        @Param({"same-jvm", "own-jvm"})
        public String collector;

        private final SelfTelemetry telemetry = new SelfTelemetry();
        private final PipelineStandIns.ReplayReceiverFactory replay = new PipelineStandIns.ReplayReceiverFactory();
        private StandInCollector receiving;
        private RunningService sockscope;
        TracesConsumer entry;
        long spansIn;

        @Setup(Level.Trial)
        public void start(Exchanges exchanges) throws IOException {
            printRequestSize(exchanges);
            receiving = collector.equals("own-jvm") ? StandInCollector.inOwnJvm() : StandInCollector.inThisJvm();
            String yaml = """
                    receivers:
                      replay: {}
                    processors:
                      batch: {send_batch_size: %d}
                    exporters:
                      otlp_grpc: {endpoint: "http://127.0.0.1:%d", compression: %s}
                    service:
                      pipelines:
                        traces: {receivers: [replay], processors: [batch], exporters: [otlp_grpc]}
                    """.formatted(SEND_BATCH_SIZE, receiving.port(), compression);
            sockscope = ServiceAssembler.assemble(ConfigValidator.validate("sockscope.yaml", yaml,
                    ComponentRegistry.withBuiltins().register(replay), Map.<String, String>of()::get).orThrow(), telemetry);
            sockscope.start();
            entry = replay.traces;
        }

        /** Blocks (the core is shared with the senders) until the receiving side has counted {@code n} more spans. */
        void awaitReceived(int n) throws InterruptedException {
            if (!receiving.spans.tryAcquire(n, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("spans lost on the way: " + receiving.spans.availablePermits() + " of " + n
                        + " received in 60 s; " + counters());
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            sockscope.shutdown();
            receiving.close();
            long received = receiving.received();
            long sent = telemetry.value(SelfTelemetry.series("otelcol_exporter_sent_spans", "exporter", "otlp_grpc"));
            long failed = telemetry.value(SelfTelemetry.series("otelcol_exporter_send_failed_spans", "exporter", "otlp_grpc"))
                    + telemetry.value(SelfTelemetry.series("otelcol_exporter_enqueue_failed_spans", "exporter", "otlp_grpc"));
            if (received != spansIn || sent != spansIn || failed != 0) {
                throw new IllegalStateException("in " + spansIn + ", received " + received + "; " + counters());
            }
        }

        private String counters() {
            return "sockscope " + telemetry.snapshot() + "; collector " + receiving.counters();
        }

        /** How big one full batch is on the wire (the exporter cuts requests at 3 MiB). */
        private static void printRequestSize(Exchanges exchanges) throws IOException {
            ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
            for (int i = 0; i < SEND_BATCH_SIZE / EXCHANGES_PER_POLL; i++) {
                request.addAllResourceSpans(exchanges.mapNextPoll());
            }
            byte[] bytes = request.build().toByteArray();
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write(bytes);
            }
            System.out.printf("%n%d-span batch: %d bytes of OTLP protobuf (%d per span), %d gzipped at level 6%n",
                    SEND_BATCH_SIZE, bytes.length, bytes.length / SEND_BATCH_SIZE, zipped.size());
            exchanges.next = 0;
        }
    }

    @Benchmark
    @OperationsPerInvocation(EXCHANGES_PER_POLL)
    public List<ResourceSpans> mapping(Exchanges exchanges) {
        return exchanges.mapNextPoll();
    }

    @Benchmark
    @OperationsPerInvocation(SPANS_PER_INVOCATION)
    @Warmup(iterations = 5, time = 4) // on one core the JIT competes with the pipeline for a while
    @Measurement(iterations = 5, time = 4)
    public void endToEnd(Exchanges exchanges, Pipelines pipelines) throws InterruptedException {
        int handed = 0;
        int received = 0;
        for (int i = 0; i < SPANS_PER_INVOCATION / EXCHANGES_PER_POLL; i++) {
            int ahead = handed - received - MAX_IN_FLIGHT;
            if (ahead > 0) {
                pipelines.awaitReceived(ahead);
                received += ahead;
            }
            pipelines.entry.consumeTraces(exchanges.mapNextPoll());
            handed += EXCHANGES_PER_POLL;
        }
        pipelines.spansIn += handed;
        pipelines.awaitReceived(handed - received);
    }
}
