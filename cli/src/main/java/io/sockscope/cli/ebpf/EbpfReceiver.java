package io.sockscope.cli.ebpf;

import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.KernelEventListener;
import io.sockscope.bpf.ProbeFilter;
import io.sockscope.bpf.ProbeOptions;
import io.sockscope.bpf.Probes;
import io.sockscope.bpf.BackgroundPriority;
import io.sockscope.bpf.RingBufferReader;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.ExchangeAssembler;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ReceiverSettings;
import io.sockscope.receiver.connection.ProcNetListeningPorts;
import io.sockscope.receiver.kubernetes.KubernetesPods;
import io.sockscope.receiver.kubernetes.PodMetadataSource;
import io.sockscope.receiver.l4.L4Tracker;
import io.sockscope.receiver.process.ProcessResolver;
import io.sockscope.semconv.SpanBatcher;
import io.sockscope.semconv.SpanMapper;
import io.sockscope.semconv.resource.ResourceMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code ebpf} receiver: attaches the probes on {@link #start()}, rebuilds exchanges on one
 * reader thread, maps them to spans and hands them to the pipeline after each batch of events.
 * When a metrics pipeline names it, the same thread also aggregates RED metrics of the exchanges and
 * TCP metrics of the kernel's events ({@link EbpfMetrics}, {@link L4Tracker}) and exports them every
 * {@code metrics_interval}. {@link #shutdown()} stops reading, flushes what is pending (metrics too)
 * and detaches every probe.
 *
 * <p>Threading: the reader thread does everything from the ring buffer to the next consumer
 * (usually {@code batch}, which queues); nothing here is shared with other threads but counters.
 */
final class EbpfReceiver implements Component {
    private final ComponentContext context;
    private final EbpfReceiverConfig config;
    private final TracesConsumer traces;
    private final MetricsConsumer metricsConsumer;
    private final LongAdder exchangesOut;
    private final LongAdder exchangesFiltered;
    private final LongAdder spansRefused;
    private Probes probes;
    private RingBufferReader reader;
    private BackgroundPriority priority;
    private ExchangeAssembler assembler;
    private SpanBatcher batcher;
    private KubernetesPods kubernetes;
    private EbpfMetrics metrics;
    private L4Tracker l4;
    private Thread thread;
    private List<Exchange> pending = new ArrayList<>();

    /** A consumer is null when no pipeline of that signal names this receiver. */
    EbpfReceiver(ComponentContext context, EbpfReceiverConfig config, TracesConsumer traces, MetricsConsumer metrics) {
        this.context = context;
        this.config = config;
        this.traces = traces;
        this.metricsConsumer = metrics;
        SelfTelemetry t = context.telemetry();
        this.exchangesOut = t.counter("sockscope_receiver_exchanges", "receiver", context.id());
        this.exchangesFiltered = t.counter("sockscope_receiver_exchanges_filtered", "receiver", context.id());
        this.spansRefused = t.counter("otelcol_receiver_refused_spans", "receiver", context.id());
    }

    @Override
    public void start() throws IOException {
        Set<Protocol> protocols = EnumSet.noneOf(Protocol.class);
        config.protocols().forEach(p -> protocols.add(EbpfReceiverConfig.protocol(p)));
        ReceiverSettings settings = ReceiverSettings.defaults().toBuilder().requestTimeout(config.requestTimeout())
                .idleTimeout(config.idleTimeout()).maxConnections(config.maxConnections()).protocols(protocols).build();
        SpanMapper spanMapper = SpanMapper.builder().pathTemplating(config.pathTemplating())
                .networkLocalAttributes(config.networkLocalAttributes()).build();
        // Pod names, workloads and labels when a cluster is configured; null otherwise (cgroup ids alone).
        kubernetes = KubernetesPods.connect(config.kubernetes().options(), System.getenv());
        ResourceMapper resourceMapper = ResourceMapper.builder().hostName(hostName())
                .pods(kubernetes != null ? kubernetes : PodMetadataSource.none())
                .podLabels(config.kubernetes().podLabels()).wellKnownLabels(config.kubernetes().wellKnownLabels()).build();
        batcher = new SpanBatcher(spanMapper, resourceMapper);
        // One resolver for exchanges and connections: the same process gets the same resource.
        ProcessResolver processes = ProcessResolver.fromProc();
        if (metricsConsumer != null) {
            SelfTelemetry t = context.telemetry();
            metrics = new EbpfMetrics(metricsConsumer, resourceMapper, config.metricsTemporality(), config.metricsCardinalityLimit(),
                    config.metricsInterval().toNanos(), EbpfReceiver::epochNanos,
                    t.counter("otelcol_receiver_refused_metric_points", "receiver", context.id()),
                    t.counter("sockscope_receiver_l4_unattributed", "receiver", context.id()));
            if (config.l4Metrics()) {
                l4 = new L4Tracker(metrics, processes, config.maxConnections(), config.idleTimeout().toNanos());
            }
        }
        Set<String> include = Set.copyOf(config.executables());
        Set<String> excludeExe = Set.copyOf(config.exclude().executables());
        BitSet excludePorts = new BitSet(65536); // no boxing or hashing per exchange
        config.exclude().ports().forEach(excludePorts::set);
        assembler = new ExchangeAssembler(settings, exchange -> {
            String exe = exchange.process() == null ? null : exchange.process().executableName();
            if ((!include.isEmpty() && !include.contains(exe)) || (exe != null && excludeExe.contains(exe))
                    || excludePorts.get(exchange.local().port()) || excludePorts.get(exchange.remote().port())) {
                exchangesFiltered.increment();
                return;
            }
            pending.add(exchange);
        }, processes, new ProcNetListeningPorts(Path.of("/proc"), settings.listenRefresh().toNanos()));
        ProbeOptions options = ProbeOptions.defaults().withCaptureBytes(config.captureBytes())
                .withRingBufferBytes(config.ringBufferMib() << 20);
        try {
            probes = Probes.attach(options, new ProbeFilter(Set.copyOf(config.pids()), cgroupIds(config.cgroups()), Set.copyOf(config.ports())));
        } catch (RuntimeException | IOException e) {
            closeKubernetes();
            throw e;
        }
        try {
            reader = new RingBufferReader(probes, new KernelEventListener() {
                @Override
                public void onEvent(KernelEvent event) {
                    assembler.onEvent(event);
                    if (l4 != null) {
                        l4.onEvent(event);
                    }
                }

                @Override
                public void onPoll(long monotonicNanos) {
                    assembler.onPoll(monotonicNanos);
                    flush();
                    if (metrics != null && metrics.due(monotonicNanos)) {
                        exportMetrics(monotonicNanos);
                    }
                }
            }, (int) Math.max(1, config.pollInterval().toMillis()));
        } catch (RuntimeException e) {
            probes.close();
            closeKubernetes();
            throw e;
        }
        thread = Thread.ofPlatform().name("sockscope-ebpf-reader").daemon().start(reader::run);
        if (config.cpuPriority() == EbpfReceiverConfig.CpuPriority.BACKGROUND) {
            // Anything dropped anywhere in the pipeline counts, not only events lost in the ring: the
            // exporters' threads run at the same policy.
            SelfTelemetry t = context.telemetry();
            Probes p = probes;
            priority = BackgroundPriority.start(reader, () -> p.lostEvents() + t.sumOfCounters(
                    "otelcol_receiver_refused_", "otelcol_processor_refused_", "otelcol_exporter_enqueue_failed_"));
        }
        registerTelemetry(context.telemetry());
    }

    /** Reader thread only (and shutdown, once the reader thread ended). */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Exchange> batch = pending;
        pending = new ArrayList<>(Math.max(16, batch.size()));
        exchangesOut.add(batch.size());
        List<ResourceSpans> out = batcher.toResourceSpans(batch, metrics == null ? null : metrics::record);
        if (traces == null || out.isEmpty()) {
            return;
        }
        try {
            traces.consumeTraces(out);
        } catch (RuntimeException refused) {
            // memory_limiter or a full queue downstream: count and go on, the reader must not stop
            spansRefused.add(io.sockscope.pipeline.pdata.Items.spans(out));
        }
    }

    /** Reader thread only (and shutdown): TCP facts first, so they land in this export. */
    private void exportMetrics(long monotonicNanos) {
        if (l4 != null) {
            l4.flush(monotonicNanos);
        }
        metrics.export();
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    String id() {
        return context.id();
    }

    /** What the ready line says: probes attached and what is traced. */
    String describe() {
        if (probes == null) {
            return "not started";
        }
        StringBuilder b = new StringBuilder().append(probes.attachedPrograms().size()).append(" probes attached, tracing ");
        List<String> scope = new ArrayList<>();
        if (!config.pids().isEmpty()) {
            scope.add("pids " + config.pids());
        }
        if (!config.ports().isEmpty()) {
            scope.add("ports " + config.ports());
        }
        if (!config.executables().isEmpty()) {
            scope.add("executables " + config.executables());
        }
        if (!config.cgroups().isEmpty()) {
            scope.add(config.cgroups().size() + " cgroups");
        }
        b.append(scope.isEmpty() ? "every process but this one" : String.join(", ", scope));
        if (priority != null) {
            b.append(", cpu_priority background");
        }
        return b.toString();
    }

    @Override
    public void shutdown() {
        if (reader == null) {
            return;
        }
        if (priority != null) {
            priority.close(); // first: draining and flushing below run at the normal policy
        }
        reader.stop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            assembler.drain(); // requests still waiting for a response end now
            flush();
            if (metrics != null) {
                exportMetrics(System.nanoTime());
            }
        }
        reader.close();
        probes.close();
        closeKubernetes();
        reader = null;
    }

    private void closeKubernetes() {
        if (kubernetes != null) {
            kubernetes.close();
            kubernetes = null;
        }
    }

    private void registerTelemetry(SelfTelemetry t) {
        String id = context.id();
        t.gauge("sockscope_receiver_kernel_events_read", "receiver", id, reader::eventsRead);
        t.gauge("sockscope_receiver_kernel_events_lost", "receiver", id, probes::lostEvents);
        t.gauge("sockscope_receiver_kernel_calls_filtered", "receiver", id, probes::filteredCalls);
        if (priority != null) {
            BackgroundPriority p = priority;
            t.gauge("sockscope_receiver_cpu_priority_background", "receiver", id, () -> p.background() ? 1 : 0);
            t.gauge("sockscope_receiver_cpu_priority_raised", "receiver", id, p::raised);
        }
        t.gauge("sockscope_receiver_connections_live", "receiver", id, assembler::connectionsLive);
        t.gauge("sockscope_receiver_connections_evicted", "receiver", id, assembler::connectionsEvicted);
        t.gauge("sockscope_receiver_parse_failures", "receiver", id, assembler::parseFailures);
        t.gauge("sockscope_receiver_event_failures", "receiver", id, assembler::eventFailures);
        t.gauge("sockscope_receiver_mapping_failures", "receiver", id, batcher::droppedExchanges);
        if (kubernetes != null) {
            KubernetesPods k = kubernetes;
            t.gauge("sockscope_receiver_k8s_api_errors", "receiver", id, k::apiErrors);
            t.gauge("sockscope_receiver_k8s_stale_lookups", "receiver", id, k::staleLookups);
            t.gauge("sockscope_receiver_k8s_watching", "receiver", id, () -> k.watching() ? 1 : 0);
            t.gauge("sockscope_receiver_k8s_pods_known", "receiver", id, k::podsKnown);
        }
        if (metrics != null) {
            t.gauge("sockscope_receiver_metric_series", "receiver", id, metrics::seriesLive);
            t.gauge("sockscope_receiver_metric_overflows", "receiver", id, metrics::overflowed);
        }
        if (l4 != null) {
            t.gauge("sockscope_receiver_l4_connections", "receiver", id, l4::connections);
            t.gauge("sockscope_receiver_l4_untracked", "receiver", id, l4::untracked);
        }
    }

    private static Set<Long> cgroupIds(List<String> paths) throws IOException {
        Set<Long> ids = new HashSet<>();
        for (String p : paths) {
            // bpf_get_current_cgroup_id() is the inode number of the cgroup v2 directory
            ids.add((Long) Files.getAttribute(Path.of(p), "unix:ino"));
        }
        return ids;
    }

    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
