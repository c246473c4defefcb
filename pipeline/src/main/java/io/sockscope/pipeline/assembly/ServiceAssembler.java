package io.sockscope.pipeline.assembly;

import io.sockscope.config.ConfigException;
import io.sockscope.config.model.ComponentId;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
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
 * per id, fed a fan-out consumer when it feeds several pipelines. Nothing is started here: see
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
                    exporterSignals.computeIfAbsent(id, k -> EnumSet.noneOf(Signal.class)).add(p.signal());
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

            // Pipelines: processors from the last to the first, each wrapping the next.
            Map<ComponentId, List<TracesConsumer>> tracesEntries = new LinkedHashMap<>();
            Map<ComponentId, List<MetricsConsumer>> metricsEntries = new LinkedHashMap<>();
            List<List<RunningService.Node>> processorNodes = new ArrayList<>();
            for (ServiceConfig.Pipeline p : config.pipelines()) {
                List<RunningService.Node> nodes = new ArrayList<>();
                if (p.signal() == Signal.TRACES) {
                    TracesConsumer next = TracesFanOut.of(p.exporters().stream().map(id -> (TracesConsumer) exporters.get(id).traces()).toList());
                    for (int i = p.processors().size() - 1; i >= 0; i--) {
                        ServiceConfig.Configured c = config.component(Kind.PROCESSOR, p.processors().get(i));
                        TracesConsumer downstream = next;
                        ProcessorFactory.TracesProcessor proc = create(c, () -> createTracesProcessor((ProcessorFactory<?>) c.factory(),
                                context(c), c.config(), downstream));
                        created.add(proc);
                        nodes.addFirst(new RunningService.Node("processor " + c.id() + " in " + p.id(), proc));
                        next = proc;
                    }
                    for (ComponentId r : p.receivers()) {
                        tracesEntries.computeIfAbsent(r, k -> new ArrayList<>()).add(next);
                    }
                } else {
                    MetricsConsumer next = MetricsFanOut.of(p.exporters().stream().map(id -> (MetricsConsumer) exporters.get(id).metrics()).toList());
                    for (int i = p.processors().size() - 1; i >= 0; i--) {
                        ServiceConfig.Configured c = config.component(Kind.PROCESSOR, p.processors().get(i));
                        MetricsConsumer downstream = next;
                        ProcessorFactory.MetricsProcessor proc = create(c, () -> createMetricsProcessor((ProcessorFactory<?>) c.factory(),
                                context(c), c.config(), downstream));
                        created.add(proc);
                        nodes.addFirst(new RunningService.Node("processor " + c.id() + " in " + p.id(), proc));
                        next = proc;
                    }
                    for (ComponentId r : p.receivers()) {
                        metricsEntries.computeIfAbsent(r, k -> new ArrayList<>()).add(next);
                    }
                }
                processorNodes.add(nodes);
            }

            // Receivers: once per id, with a fan-out per signal when they feed several pipelines.
            List<RunningService.Node> receiverNodes = new ArrayList<>();
            LinkedHashMap<ComponentId, Boolean> receiverIds = new LinkedHashMap<>();
            config.pipelines().forEach(p -> p.receivers().forEach(r -> receiverIds.put(r, Boolean.TRUE)));
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
            return new RunningService(config, receiverNodes, processorNodes, exporterNodes);
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

    private static <C extends Record> Component createReceiver(ReceiverFactory<C> f, ComponentContext ctx, Record config,
                                                               TracesConsumer traces, MetricsConsumer metrics) throws Exception {
        return f.create(ctx, f.configClass().cast(config), traces, metrics);
    }
}
