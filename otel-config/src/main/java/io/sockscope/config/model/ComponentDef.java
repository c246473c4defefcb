package io.sockscope.config.model;

import io.sockscope.config.KeyPath;
import io.sockscope.config.yaml.YamlNode;
import io.sockscope.config.yaml.YamlScalar;

/**
 * A component defined in a section: {@code exporters: {otlp_grpc/jaeger: {...}}}.
 *
 * @param key  the id as written, for its position
 * @param body its configuration: usually a mapping; an empty value means "all defaults"
 */
public record ComponentDef(Section section, ComponentId id, YamlScalar key, YamlNode body) {
    /** {@code exporters.otlp_grpc/jaeger} */
    public String path() {
        return KeyPath.child(section.key(), id.toString());
    }
}
