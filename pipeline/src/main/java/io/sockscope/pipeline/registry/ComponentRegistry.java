package io.sockscope.pipeline.registry;

import io.sockscope.pipeline.component.ComponentFactory;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.connector.servicegraph.ServiceGraphConnectorFactory;
import io.sockscope.pipeline.connector.spanmetrics.SpanMetricsConnectorFactory;
import io.sockscope.pipeline.exporter.debug.DebugExporterFactory;
import io.sockscope.pipeline.exporter.file.FileExporterFactory;
import io.sockscope.pipeline.exporter.nop.NopExporterFactory;
import io.sockscope.pipeline.processor.attributes.AttributesProcessorFactory;
import io.sockscope.pipeline.processor.batch.BatchProcessorFactory;
import io.sockscope.pipeline.processor.filter.FilterProcessorFactory;
import io.sockscope.pipeline.processor.memorylimiter.MemoryLimiterProcessorFactory;
import io.sockscope.pipeline.processor.resource.ResourceProcessorFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The component factories a configuration may name, by kind and type, plus old names (aliases):
 * {@code otlp} for the {@code otlp_grpc} exporter, {@code otlphttp} for {@code otlp_http}.
 *
 * <pre>{@code
 * ComponentRegistry registry = ComponentRegistry.withBuiltins().register(new EbpfReceiverFactory());
 * }</pre>
 *
 * Built once at start-up, then only read: not thread-safe while it is being filled.
 */
public final class ComponentRegistry {
    private final Map<Kind, Map<String, ComponentFactory<?>>> factories = new EnumMap<>(Kind.class);
    private final Map<Kind, Map<String, String>> aliases = new EnumMap<>(Kind.class);

    public ComponentRegistry() {
        for (Kind k : Kind.values()) {
            factories.put(k, new TreeMap<>());
            aliases.put(k, new TreeMap<>());
        }
    }

    /**
     * The processors and exporters of this module ({@code batch}, {@code memory_limiter},
     * {@code resource}, {@code attributes}, {@code filter}, {@code debug}, {@code file}, {@code nop}), the connectors
     * ({@code spanmetrics}, {@code servicegraph}) and the OTLP components. The kernel receiver ({@code ebpf}) lives in another module: register it.
     */
    public static ComponentRegistry withBuiltins() {
        ComponentRegistry r = new ComponentRegistry()
                .register(new BatchProcessorFactory())
                .register(new MemoryLimiterProcessorFactory())
                .register(new ResourceProcessorFactory())
                .register(new AttributesProcessorFactory())
                .register(new FilterProcessorFactory())
                .register(new DebugExporterFactory())
                .register(new FileExporterFactory())
                .register(new NopExporterFactory())
                .register(new SpanMetricsConnectorFactory())
                .register(new ServiceGraphConnectorFactory());
        OtlpComponents.register(r);
        return r.alias(Kind.EXPORTER, "otlp", "otlp_grpc").alias(Kind.EXPORTER, "otlphttp", "otlp_http");
    }

    /**
     * Adds a factory under its kind and type, and its {@link ComponentFactory#aliases()}.
     *
     * @throws IllegalArgumentException when the type or an alias is already taken in that kind
     */
    public ComponentRegistry register(ComponentFactory<?> factory) {
        Map<String, ComponentFactory<?>> byType = factories.get(factory.kind());
        if (byType.containsKey(factory.type()) || aliases.get(factory.kind()).containsKey(factory.type())) {
            throw new IllegalArgumentException(factory.kind().name().toLowerCase() + " type \"" + factory.type() + "\" is already registered");
        }
        byType.put(factory.type(), factory);
        for (String alias : factory.aliases()) {
            alias(factory.kind(), alias, factory.type());
        }
        return this;
    }

    /** Accepts {@code alias} for {@code type} in {@code kind}; the type need not be registered yet. */
    public ComponentRegistry alias(Kind kind, String alias, String type) {
        if (factories.get(kind).containsKey(alias)) {
            throw new IllegalArgumentException("\"" + alias + "\" is already a " + kind.name().toLowerCase() + " type");
        }
        String previous = aliases.get(kind).putIfAbsent(alias, type);
        if (previous != null && !previous.equals(type)) {
            throw new IllegalArgumentException("\"" + alias + "\" is already an alias of " + previous);
        }
        return this;
    }

    /** The factory for a type or alias written in the configuration. */
    public Optional<ComponentFactory<?>> find(Kind kind, String typeOrAlias) {
        ComponentFactory<?> f = factories.get(kind).get(typeOrAlias);
        if (f == null) {
            String type = aliases.get(kind).get(typeOrAlias);
            f = type == null ? null : factories.get(kind).get(type);
        }
        return Optional.ofNullable(f);
    }

    /** Registered types of a kind, sorted; aliases not included. */
    public Set<String> types(Kind kind) {
        return new TreeSet<>(factories.get(kind).keySet());
    }

    /** Types and aliases of a kind whose factory is registered, for "did you mean". */
    public Set<String> names(Kind kind) {
        Set<String> names = types(kind);
        aliases.get(kind).forEach((alias, type) -> {
            if (factories.get(kind).containsKey(type)) {
                names.add(alias);
            }
        });
        return names;
    }
}
