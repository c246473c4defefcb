package io.sockscope.config.model;

import io.sockscope.config.yaml.YamlScalar;

/**
 * A component named in a pipeline or in {@code service.extensions}.
 *
 * @param node the list item, for its position
 * @param path its key path, {@code service.pipelines.traces.exporters[1]}
 */
public record ComponentRef(ComponentId id, YamlScalar node, String path) {
}
