package io.sockscope.pipeline.assembly;

import io.sockscope.config.ConfigException;
import io.sockscope.config.model.ComponentId;
import io.sockscope.config.model.PipelineId;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ConnectorFactory;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.component.ProcessorFactory;
import io.sockscope.pipeline.component.ReceiverFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.fanout.MetricsFanOut;
import io.sockscope.pipeline.fanout.TracesFanOut;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the running graph from a validated configuration, as the Collector does: one instance per
 * exporter id shared by every pipeline naming it; one processor instance per pipeline; one receiver
 * per id, fed a fan-out consumer when it feeds several pipelines; one connector per id and signal
 * pair, fed by every pipeline naming it as an exporter and feeding every pipeline naming it as a
 * receiver. Nothing is started here: see
 * {@link RunningService#start()}.
 *
 * <pre>{@code
 * RunningService service = ServiceAssembler.assemble(Path.of("config.yaml"), registry);
 * service.start();
 * ...
 * service.shutdown();
 * }</pre>
 */
public final class ServiceAssembler {
    private ServiceAssembler() {
    }

    /**
     * Validates and builds; throws the first {@link ConfigException} with the others suppressed
     * ({@link ConfigException#all()}) when the file has mistakes. Counts into {@link SelfTelemetry#global()}.
     */
    public static RunningService assemble(Path file, ComponentRegistry registry) {
        return assemble(ConfigValidator.validate(file, registry).orThrow(), SelfTelemetry.global());
    }

    /**
     * Builds the components of a validated configuration.
     *
     * @throws ConfigException when a factory fails to create its component, at that component's line
     */
    public static RunningService assemble(ServiceConfig config, SelfTelemetry telemetry) {
        Builder b = new Builder(config, telemetry);
        try {
            return b.build();
        } catch (RuntimeException e) {
            b.created.forEach(RunningService::shutdownQuietly);
            throw e;
        }
    }

    private static final class Builder {
        private final ServiceConfig config;
        private final SelfTelemetry telemetry;
        /** Everything created so far, to release it when a later creation fails. */
        private final List<Component> created = new ArrayList<>();

        Builder(ServiceConfig config, SelfTelemetry telemetry) {
            this.config = config;
            this.telemetry = telemetry;
        }

        RunningService build() {
            // Exporters: one per id, for all the signals of the pipelines that name it.
            Map<ComponentId, Set<Signal>> exporterSignals = new LinkedHashMap<>();
            for (ServiceConfig.Pipeline p : config.pipelines()) {
                for (ComponentId id : p.exporters()) {
                    if (!config.isConnector(Kind.EXPORTER, id)) {
                        exporterSignals.computeIfAbsent(id, k -> EnumSet.noneOf(Signal.class)).add(p.signal());
                    }
                }
            }
            Map<ComponentId, ExporterFactory.SignalExporters> exporters = new LinkedHashMap<>();
            List<RunningService.Node> exporterNodes = new ArrayList<>();
            Map<Component, Boolean> seen = new IdentityHashMap<>();
            exporterSignals.forEach((id, signals) -> {
                ServiceConfig.Configured c = config.component(Kind.EXPORTER, id);
                ExporterFactory.SignalExporters made = create(c, () -> createExporter((ExporterFactory<?>) c.factory(), context(c), c.config(), signals));
                if ((signals.contains(Signal.TRACES) && made.traces() == null) || (signals.contains(Signal.METRICS) && made.metrics() == null)) {
                    throw new IllegalStateException("exporter factory " + c.factory().type() + " returned no exporter for " + signals);
                }
                exporters.put(id, made);
                for (Component comp : new Component[]{made.traces(), made.metrics()}) {
                    if (comp != null && seen.put(comp, Boolean.TRUE) == null) {
                        created.add(comp);
                        exporterNodes.add(new RunningService.Node("exporter " + id, comp));
                    }
                }
            });

            // Pipelines, those fed by connectors before the ones feeding them, so every connector is
            // created with the consumers it feeds: processors from the last to the first, each wrapping the next.
            PipelineGraph graph = new PipelineGraph(config.pipelines(), config::isConnector);
            Map<PipelineId, Object> entries = new LinkedHashMap<>();
            Map<PipelineId, List<RunningService.Node>> processorNodes = new LinkedHashMap<>();
            Map<ConnectorKey, ConnectorNode> connectors = new LinkedHashMap<>();
            for (ServiceConfig.Pipeline p : graph.downstreamFirst()) {
                List<RunningService.Node> nodes = new ArrayList<>();
                if (p.signal() == Signal.TRACES) {
                    List<TracesConsumer> ends = new ArrayList<>();
                    for (ComponentId id : p.exporters()) {
                        if (config.isConnector(Kind.EXPORTER, id)) {
                            connectorsFrom(id, p.signal(), entries, connectors).forEach(n -> ends.add((TracesConsumer) n.component));
                        } else {
                            ends.add(exporters.get(id).traces());
                        }
                    }
                    TracesConsumer next = TracesFanOut.of(ends);
                    for (int i = p.processors().size() - 1; i >= 0; i--) {
                        ServiceConfig.Configured c = config.component(Kind.PROCESSOR, p.processors().get(i));
                        TracesConsumer downstream = next;
                        ProcessorFactory.TracesProcessor proc = create(c, () -> createTracesProcessor((ProcessorFactory<?>) c.factory(),
                                context(c), c.config(), downstream));
                        created.add(proc);
                        nodes.addFirst(new RunningService.Node("processor " + c.id() + " in " + p.id(), proc));
                        next = proc;
                    }
                    entries.put(p.id(), next);
                } else {
                    List<MetricsConsumer> ends = new ArrayList<>();
                    for (ComponentId id : p.exporters()) {
                        if (config.isConnector(Kind.EXPORTER, id)) {
                            connectorsFrom(id, p.signal(), entries, connectors).forEach(n -> ends.add((MetricsConsumer) n.component));
                        } else {
                            ends.add(exporters.get(id).metrics());
                        }
                    }
                    MetricsConsumer next = MetricsFanOut.of(ends);
                    for (int i = p.processors().size() - 1; i >= 0; i--) {
                        ServiceConfig.Configured c = config.component(Kind.PROCESSOR, p.processors().get(i));
                        MetricsConsumer downstream = next;
                        ProcessorFactory.MetricsProcessor proc = create(c, () -> createMetricsProcessor((ProcessorFactory<?>) c.factory(),
                                context(c), c.config(), downstream));
                        created.add(proc);
                        nodes.addFirst(new RunningService.Node("processor " + c.id() + " in " + p.id(), proc));
                        next = proc;
                    }
                    entries.put(p.id(), next);
                }
                processorNodes.put(p.id(), nodes);
            }

            // Receivers: once per id, with a fan-out per signal when they feed several pipelines.
            Map<ComponentId, List<TracesConsumer>> tracesEntries = new LinkedHashMap<>();
            Map<ComponentId, List<MetricsConsumer>> metricsEntries = new LinkedHashMap<>();
            for (ServiceConfig.Pipeline p : config.pipelines()) {
                for (ComponentId r : p.receivers()) {
                    if (config.isConnector(Kind.RECEIVER, r)) {
                        continue;
                    }
                    if (p.signal() == Signal.TRACES) {
                        tracesEntries.computeIfAbsent(r, k -> new ArrayList<>()).add((TracesConsumer) entries.get(p.id()));
                    } else {
                        metricsEntries.computeIfAbsent(r, k -> new ArrayList<>()).add((MetricsConsumer) entries.get(p.id()));
                    }
                }
            }
            List<RunningService.Node> receiverNodes = new ArrayList<>();
            LinkedHashMap<ComponentId, Boolean> receiverIds = new LinkedHashMap<>();
            config.pipelines().forEach(p -> p.receivers().stream().filter(r -> !config.isConnector(Kind.RECEIVER, r))
                    .forEach(r -> receiverIds.put(r, Boolean.TRUE)));
            for (ComponentId id : receiverIds.keySet()) {
                ServiceConfig.Configured c = config.component(Kind.RECEIVER, id);
                List<TracesConsumer> t = tracesEntries.get(id);
                List<MetricsConsumer> m = metricsEntries.get(id);
                TracesConsumer traces = t == null ? null : ReceiverCounting.traces(id.toString(), telemetry, TracesFanOut.of(t));
                MetricsConsumer metrics = m == null ? null : ReceiverCounting.metrics(id.toString(), telemetry, MetricsFanOut.of(m));
                Component receiver = create(c, () -> createReceiver((ReceiverFactory<?>) c.factory(), context(c), c.config(), traces, metrics));
                created.add(receiver);
                receiverNodes.add(new RunningService.Node("receiver " + id, receiver));
            }

            // Start: a connector once every pipeline it feeds has started, before those feeding it.
            // Shutdown: once every pipeline feeding it has flushed into it, before those it feeds.
            List<RunningService.Node> middleStart = new ArrayList<>();
            Set<ConnectorNode> placed = new java.util.HashSet<>();
            List<PipelineId> startedPipelines = new ArrayList<>();
            for (ServiceConfig.Pipeline p : graph.downstreamFirst()) {
                middleStart.addAll(processorNodes.get(p.id()).reversed());
                startedPipelines.add(p.id());
                for (ConnectorNode n : connectors.values()) {
                    if (n.downstream.contains(p.id()) && startedPipelines.containsAll(n.downstream) && placed.add(n)) {
                        middleStart.add(n.node());
                    }
                }
            }
            List<RunningService.Node> middleShutdown = new ArrayList<>();
            placed.clear();
            List<PipelineId> stoppedPipelines = new ArrayList<>();
            for (ServiceConfig.Pipeline p : graph.upstreamFirst()) {
                middleShutdown.addAll(processorNodes.get(p.id()));
                stoppedPipelines.add(p.id());
                for (ConnectorNode n : connectors.values()) {
                    if (n.upstream.contains(p.id()) && stoppedPipelines.containsAll(n.upstream) && placed.add(n)) {
                        middleShutdown.add(n.node());
                    }
                }
            }
            return new RunningService(config, receiverNodes, middleStart, middleShutdown, exporterNodes);
        }

        /**
         * The connector instances a pipeline of signal {@code from} exports to under {@code id}: one per
         * signal of the pipelines naming {@code id} as a receiver (already built), created on first use.
         */
        private List<ConnectorNode> connectorsFrom(ComponentId id, Signal from, Map<PipelineId, Object> entries,
                                                   Map<ConnectorKey, ConnectorNode> connectors) {
            ServiceConfig.Configured c = config.component(Kind.CONNECTOR, id);
            Map<Signal, List<ServiceConfig.Pipeline>> byTarget = new LinkedHashMap<>();
            for (ServiceConfig.Pipeline q : config.pipelines()) {
                if (q.receivers().contains(id) && config.isConnector(Kind.RECEIVER, id)) {
                    byTarget.computeIfAbsent(q.signal(), k -> new ArrayList<>()).add(q);
                }
            }
            List<ConnectorNode> out = new ArrayList<>();
            byTarget.forEach((to, targets) -> {
                ConnectorKey key = new ConnectorKey(id, from, to);
                ConnectorNode n = connectors.get(key);
                if (n == null) {
                    Component made = create(c, () -> createConnector((ConnectorFactory<?>) c.factory(), context(c), c.config(), from, to,
                            targets.stream().map(q -> entries.get(q.id())).toList()));
                    created.add(made);
                    Set<PipelineId> upstream = new java.util.LinkedHashSet<>();
                    for (ServiceConfig.Pipeline q : config.pipelines()) {
                        if (q.signal() == from && q.exporters().contains(id)) {
                            upstream.add(q.id());
                        }
                    }
                    Set<PipelineId> downstream = new java.util.LinkedHashSet<>();
                    targets.forEach(q -> downstream.add(q.id()));
                    String label = "connector " + id + (byTarget.size() > 1 ? " (" + from.id() + " to " + to.id() + ")" : "");
                    n = new ConnectorNode(label, made, upstream, downstream);
                    connectors.put(key, n);
                }
                out.add(n);
            });
            return out;
        }
        private ComponentContext context(ServiceConfig.Configured c) {
            return new ComponentContext(c.id().toString(), telemetry);
        }

        private <T> T create(ServiceConfig.Configured c, Creation<T> creation) {
            try {
                T made = creation.create();
                if (made == null) {
                    throw new IllegalStateException("the " + c.factory().type() + " factory returned nothing");
                }
                return made;
            } catch (ConfigException e) {
                throw e;
            } catch (Exception e) {
                throw new ConfigException(c.position(), c.kind().section() + "." + c.id(),
                        "cannot create " + c.kind().name().toLowerCase() + " \"" + c.id() + "\": " + e.getMessage(), null, e);
            }
        }
    }

    private record ConnectorKey(ComponentId id, Signal from, Signal to) {
    }

    /** One connector instance and the pipelines on either side of it. */
    private record ConnectorNode(String label, Component component, Set<PipelineId> upstream, Set<PipelineId> downstream) {
        RunningService.Node node() {
            return new RunningService.Node(label, component);
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    @FunctionalInterface
    private interface Creation<T> {
        T create() throws Exception;
    }

    private static <C extends Record> ExporterFactory.SignalExporters createExporter(ExporterFactory<C> f, ComponentContext ctx,
                                                                                    Record config, Set<Signal> signals) throws Exception {
        return f.create(ctx, f.configClass().cast(config), signals);
    }

    private static <C extends Record> ProcessorFactory.TracesProcessor createTracesProcessor(ProcessorFactory<C> f, ComponentContext ctx,
                                                                                           Record config, TracesConsumer next) throws Exception {
        return f.createTraces(ctx, f.configClass().cast(config), next);
    }

    private static <C extends Record> ProcessorFactory.MetricsProcessor createMetricsProcessor(ProcessorFactory<C> f, ComponentContext ctx,
                                                                                             Record config, MetricsConsumer next) throws Exception {
        return f.createMetrics(ctx, f.configClass().cast(config), next);
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record> Component createConnector(ConnectorFactory<C> f, ComponentContext ctx, Record config,
                                                                Signal from, Signal to, List<Object> next) throws Exception {
        if (from == Signal.TRACES && to == Signal.METRICS) {
            return f.createTracesToMetrics(ctx, f.configClass().cast(config), MetricsFanOut.of((List<MetricsConsumer>) (List<?>) next));
        }
        throw new IllegalStateException("connector " + f.type() + ": " + from.id() + " to " + to.id() + " is not supported");
    }

    private static <C extends Record> Component createReceiver(ReceiverFactory<C> f, ComponentContext ctx, Record config,
                                                               TracesConsumer traces, MetricsConsumer metrics) throws Exception {
        return f.create(ctx, f.configClass().cast(config), traces, metrics);
    }
}
