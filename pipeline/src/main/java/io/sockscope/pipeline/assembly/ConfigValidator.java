package io.sockscope.pipeline.assembly;

import io.sockscope.config.ConfigException;
import io.sockscope.config.ConfigProblems;
import io.sockscope.config.KeyPath;
import io.sockscope.config.Suggestions;
import io.sockscope.config.binding.Binder;
import io.sockscope.config.model.CollectorConfig;
import io.sockscope.config.model.ComponentDef;
import io.sockscope.config.model.ComponentId;
import io.sockscope.config.model.ComponentRef;
import io.sockscope.config.model.PipelineDef;
import io.sockscope.config.model.Section;
import io.sockscope.pipeline.component.ComponentFactory;
import io.sockscope.pipeline.component.ConnectorFactory;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.processor.memorylimiter.MemoryLimiterProcessorFactory;
import io.sockscope.pipeline.registry.ComponentRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates a Collector-style configuration against the registered components, reporting every
 * mistake in one run: YAML and {@code ${env:...}} errors, the Collector model's structure, unknown
 * component types, each component's keys, types and {@code validate()}, signals a component does not
 * handle, {@code memory_limiter} not first, and connectors (used on both sides, with signals they
 * connect, in no cycle). Components defined but unused are warnings.
 *
 * <pre>{@code
 * Validation v = ConfigValidator.validate(Path.of("config.yaml"), registry);
 * if (!v.ok()) { System.err.print(v.report()); System.exit(1); }
 * }</pre>
 */
public final class ConfigValidator {
    /** The configuration used when none is given: ebpf → batch → debug, for traces and metrics. */
    public static final String DEFAULT_CONFIG_RESOURCE = "/io/sockscope/pipeline/default-config.yaml";

    private ConfigValidator() {
    }

    public static Validation validate(Path file, ComponentRegistry registry) {
        return validate(file, registry, System::getenv);
    }

    /** @param environment a variable's value, or null when unset */
    public static Validation validate(Path file, ComponentRegistry registry, Function<String, String> environment) {
        ConfigProblems problems = new ConfigProblems();
        CollectorConfig parsed = CollectorConfig.load(file, environment, problems);
        return validate(parsed, registry, problems);
    }

    /** YAML text; {@code name} is the file name shown in errors. */
    public static Validation validate(String name, String yaml, ComponentRegistry registry, Function<String, String> environment) {
        ConfigProblems problems = new ConfigProblems();
        CollectorConfig parsed = CollectorConfig.load(name, yaml, environment, problems);
        return validate(parsed, registry, problems);
    }

    /** The embedded default configuration ({@link #DEFAULT_CONFIG_RESOURCE}). */
    public static Validation validateDefault(ComponentRegistry registry) {
        return validate("default-config.yaml (built in)", defaultConfigText(), registry, System::getenv);
    }

    public static String defaultConfigText() {
        try (InputStream in = ConfigValidator.class.getResourceAsStream(DEFAULT_CONFIG_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_CONFIG_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks a parsed model against the registry; {@code problems} may already hold the errors of
     * loading and parsing. {@code parsed} is null when the file could not be read at all.
     */
    public static Validation validate(CollectorConfig parsed, ComponentRegistry registry, ConfigProblems problems) {
        if (parsed == null) {
            return new Validation(null, problems.errors(), problems.warnings());
        }
        Map<Kind, Map<ComponentId, ServiceConfig.Configured>> components = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Section section = Section.ofKey(kind.section());
            Map<ComponentId, ServiceConfig.Configured> bound = new LinkedHashMap<>();
            for (ComponentDef def : parsed.section(section).values()) {
                Optional<ComponentFactory<?>> factory = registry.find(kind, def.id().type());
                if (factory.isEmpty()) {
                    unknownType(def, kind, registry, problems);
                    continue;
                }
                Record config = bind(def, factory.get(), problems);
                if (config != null) {
                    bound.put(def.id(), new ServiceConfig.Configured(kind, def.id(), factory.get(), config, def.key().position()));
                }
            }
            components.put(kind, Collections.unmodifiableMap(bound));
        }
        List<ServiceConfig.Pipeline> pipelines = new ArrayList<>();
        for (PipelineDef p : parsed.pipelines()) {
            ServiceConfig.Pipeline checked = pipeline(p, parsed, registry, problems);
            if (checked != null) {
                pipelines.add(checked);
            }
        }
        Set<String> superseded = checkConnectors(parsed, components.get(Kind.CONNECTOR), problems);
        if (!problems.hasErrors()) {
            ServiceConfig candidate = new ServiceConfig(parsed.file(), components, pipelines, parsed.telemetry(), List.of());
            String cycle = new PipelineGraph(pipelines, candidate::isConnector).cycle();
            if (cycle != null) {
                PipelineDef first = parsed.pipelines().getFirst();
                problems.error(first.key().position(), "service.pipelines", "pipelines form a cycle through connectors: " + cycle,
                        "a connector must not feed, directly or through other pipelines, the pipeline it is an exporter of");
            }
        }
        // The model warns about a connector used on one side only; that is an error here, reported at its uses.
        List<ConfigException> warnings = problems.warnings().stream().filter(w -> !superseded.contains(w.path())).toList();
        if (problems.hasErrors()) {
            return new Validation(null, problems.errors(), warnings);
        }
        ServiceConfig config = new ServiceConfig(parsed.file(), Collections.unmodifiableMap(components), List.copyOf(pipelines),
                parsed.telemetry(), warnings);
        return new Validation(config, problems.errors(), warnings);
    }

    private static <C extends Record> C bind(ComponentDef def, ComponentFactory<C> factory, ConfigProblems problems) {
        return Binder.bind(def.body(), def.path(), factory.configClass(), factory.defaultConfig(), def.key().position(), problems);
    }

    private static void unknownType(ComponentDef def, Kind kind, ComponentRegistry registry, ConfigProblems problems) {
        String type = def.id().type();
        String hint = null;
        for (Kind other : Kind.values()) {
            if (other != kind && registry.find(other, type).isPresent()) {
                hint = "\"" + type + "\" is a " + other.name().toLowerCase() + ": define it under " + other.section();
            }
        }
        if (hint == null) {
            List<String> names = new ArrayList<>(registry.names(kind));
            hint = Suggestions.closest(type, names).map(s -> "did you mean \"" + s + "\"?")
                    .orElse(names.isEmpty() ? "Sockscope has no " + kind.section() + " yet"
                            : "available " + kind.section() + ": " + String.join(", ", names));
        }
        problems.error(def.key().position(), def.path(), "unknown " + kind.name().toLowerCase() + " type \"" + type + "\"", hint);
    }

    private static ServiceConfig.Pipeline pipeline(PipelineDef p, CollectorConfig parsed, ComponentRegistry registry,
                                                   ConfigProblems problems) {
        Signal signal = signalOf(p);
        if (signal == null) {
            problems.error(p.key().position(), p.path(), p.id().signal() + " pipelines are not supported yet",
                    "Sockscope produces traces and metrics; remove this pipeline");
            return null;
        }
        checkRefs(p.receivers(), Kind.RECEIVER, signal, parsed, registry, problems);
        checkRefs(p.processors(), Kind.PROCESSOR, signal, parsed, registry, problems);
        checkRefs(p.exporters(), Kind.EXPORTER, signal, parsed, registry, problems);
        for (int i = 1; i < p.processors().size(); i++) {
            ComponentRef ref = p.processors().get(i);
            if (registry.find(Kind.PROCESSOR, ref.id().type()).map(f -> f.type().equals(MemoryLimiterProcessorFactory.TYPE)).orElse(false)) {
                problems.error(ref.node().position(), ref.path(), "memory_limiter must be the first processor of the pipeline",
                        "move " + ref.id() + " to the start of " + p.path() + ".processors, so it refuses data before others hold it");
            }
        }
        return new ServiceConfig.Pipeline(p.id(), signal, ids(p.receivers()), ids(p.processors()), ids(p.exporters()));
    }

    private static void checkRefs(List<ComponentRef> refs, Kind kind, Signal signal, CollectorConfig parsed,
                                  ComponentRegistry registry, ConfigProblems problems) {
        for (ComponentRef ref : refs) {
            Section section = Section.ofKey(kind.section());
            if (!parsed.section(section).containsKey(ref.id())) {
                continue; // a connector (checked by checkConnectors), or undefined (reported by the model)
            }
            Optional<ComponentFactory<?>> factory = registry.find(kind, ref.id().type());
            if (factory.isPresent() && !factory.get().signals().contains(signal)) {
                problems.error(ref.node().position(), ref.path(), kind.name().toLowerCase() + " \"" + ref.id()
                        + "\" does not support " + signal.id(), "remove it from this pipeline");
            }
        }
    }

    /** Where a pipeline names a connector. */
    private record Use(ComponentRef ref, Signal signal, PipelineDef pipeline) {
    }

    /**
     * Connectors must be an exporter of one pipeline and a receiver of another, with signals they
     * connect. Returns the key paths of connectors whose one-sided use became an error.
     */
    private static Set<String> checkConnectors(CollectorConfig parsed, Map<ComponentId, ServiceConfig.Configured> connectors,
                                               ConfigProblems problems) {
        Map<ComponentId, List<Use>> asExporter = new LinkedHashMap<>();
        Map<ComponentId, List<Use>> asReceiver = new LinkedHashMap<>();
        for (PipelineDef p : parsed.pipelines()) {
            Signal signal = signalOf(p);
            if (signal == null) {
                continue;
            }
            for (ComponentRef r : p.receivers()) {
                if (!parsed.section(Section.RECEIVERS).containsKey(r.id()) && connectors.containsKey(r.id())) {
                    asReceiver.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(new Use(r, signal, p));
                }
            }
            for (ComponentRef r : p.exporters()) {
                if (!parsed.section(Section.EXPORTERS).containsKey(r.id()) && connectors.containsKey(r.id())) {
                    asExporter.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(new Use(r, signal, p));
                }
            }
        }
        Set<String> superseded = new HashSet<>();
        for (ServiceConfig.Configured c : connectors.values()) {
            List<Use> ex = asExporter.getOrDefault(c.id(), List.of());
            List<Use> rx = asReceiver.getOrDefault(c.id(), List.of());
            ConnectorFactory<?> factory = (ConnectorFactory<?>) c.factory();
            String flows = String.join(", ", factory.flows().stream().map(ConnectorFactory.Flow::toString).sorted().toList());
            if (rx.isEmpty() && !ex.isEmpty()) {
                superseded.add(KeyPath.child(Section.CONNECTORS.key(), c.id().toString()));
                for (Use u : ex) {
                    problems.error(u.ref().node().position(), u.ref().path(), "connector \"" + c.id()
                            + "\" is an exporter here but no pipeline names it as a receiver",
                            "add " + c.id() + " to the receivers of a " + signals(factory, u.signal(), true) + " pipeline, e.g. "
                                    + "service.pipelines." + signals(factory, u.signal(), true) + ".receivers: [" + c.id() + "]");
                }
            }
            if (ex.isEmpty() && !rx.isEmpty()) {
                superseded.add(KeyPath.child(Section.CONNECTORS.key(), c.id().toString()));
                for (Use u : rx) {
                    problems.error(u.ref().node().position(), u.ref().path(), "connector \"" + c.id()
                            + "\" is a receiver here but no pipeline names it as an exporter",
                            "add " + c.id() + " to the exporters of a " + signals(factory, u.signal(), false) + " pipeline, e.g. "
                                    + "service.pipelines." + signals(factory, u.signal(), false) + ".exporters: [" + c.id() + "]");
                }
            }
            for (Use u : ex) {
                if (factory.flows().stream().noneMatch(f -> f.from() == u.signal())) {
                    problems.error(u.ref().node().position(), u.ref().path(), "connector \"" + c.id() + "\" does not take "
                            + u.signal().id() + " (it connects " + flows + ")", "remove it from this pipeline");
                }
            }
            for (Use u : rx) {
                if (factory.flows().stream().noneMatch(f -> f.to() == u.signal())) {
                    problems.error(u.ref().node().position(), u.ref().path(), "connector \"" + c.id() + "\" does not emit "
                            + u.signal().id() + " (it connects " + flows + ")", "remove it from this pipeline");
                }
            }
            for (Use r : rx) {
                for (Use e : ex) {
                    boolean sidesOk = factory.flows().stream().anyMatch(f -> f.from() == e.signal())
                            && factory.flows().stream().anyMatch(f -> f.to() == r.signal());
                    if (sidesOk && !factory.supports(e.signal(), r.signal())) {
                        problems.error(r.ref().node().position(), r.ref().path(), "connector \"" + c.id() + "\" cannot connect "
                                + e.signal().id() + " (from " + e.pipeline().path() + ") to " + r.signal().id()
                                + " (it connects " + flows + ")", "name it only in pipelines of the signals it connects");
                    }
                }
            }
        }
        return superseded;
    }

    /** The signal of the other side of a connector used on one side with {@code signal}, for hints. */
    private static String signals(ConnectorFactory<?> factory, Signal signal, boolean downstream) {
        return factory.flows().stream().filter(f -> (downstream ? f.from() : f.to()) == signal)
                .map(f -> (downstream ? f.to() : f.from()).id()).findFirst()
                .orElse(factory.flows().stream().map(f -> (downstream ? f.to() : f.from()).id()).findFirst().orElse("metrics"));
    }

    private static Signal signalOf(PipelineDef p) {
        return switch (p.id().signal()) {
            case "traces" -> Signal.TRACES;
            case "metrics" -> Signal.METRICS;
            default -> null;
        };
    }

    private static List<ComponentId> ids(List<ComponentRef> refs) {
        return refs.stream().map(ComponentRef::id).toList();
    }
}
