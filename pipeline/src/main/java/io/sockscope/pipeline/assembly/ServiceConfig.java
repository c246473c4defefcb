package io.sockscope.pipeline.assembly;

import io.sockscope.config.ConfigException;
import io.sockscope.config.model.ComponentId;
import io.sockscope.config.model.PipelineId;
import io.sockscope.config.yaml.Position;
import io.sockscope.config.yaml.YamlNode;
import io.sockscope.pipeline.component.ComponentFactory;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.component.Signal;

import java.util.List;
import java.util.Map;

/**
 * A configuration that passed validation: every component bound to its configuration record and its
 * factory, every pipeline checked. The input of {@link ServiceAssembler}.
 *
 * @param components by kind, then id as written ({@code otlp/jaeger}), in file order
 * @param telemetry  {@code service.telemetry} as written, or null
 * @param warnings   what validation noticed without failing (unused components)
 */
public record ServiceConfig(String file, Map<Kind, Map<ComponentId, Configured>> components, List<Pipeline> pipelines,
                            YamlNode telemetry, List<ConfigException> warnings) {

    /** One component: its factory, its bound configuration record, and where it is defined. */
    public record Configured(Kind kind, ComponentId id, ComponentFactory<?> factory, Record config, Position position) {
    }

    /** One pipeline; the ids are keys of {@link #components}. */
    public record Pipeline(PipelineId id, Signal signal, List<ComponentId> receivers, List<ComponentId> processors,
                           List<ComponentId> exporters) {
    }

    /**
     * True when an id named in a pipeline's receivers ({@code side} RECEIVER) or exporters (EXPORTER)
     * is a connector: defined under {@code connectors} and not in that side's own section.
     */
    public boolean isConnector(Kind side, ComponentId id) {
        return components.getOrDefault(Kind.CONNECTOR, Map.of()).containsKey(id)
                && !components.getOrDefault(side, Map.of()).containsKey(id);
    }

    public Configured component(Kind kind, ComponentId id) {
        Configured c = components.getOrDefault(kind, Map.of()).get(id);
        if (c == null) {
            throw new IllegalArgumentException("no " + kind.name().toLowerCase() + " " + id);
        }
        return c;
    }
}
