package io.sockscope.config.yaml;

/**
 * A YAML node with the position it was read from. Immutable; aliases ({@code *anchor}) share the
 * node (and the position) of their anchor.
 */
public sealed interface YamlNode permits YamlMapping, YamlSequence, YamlScalar {
    Position position();

    /** What a user would call this node in an error: "a mapping", "a list", "a string". */
    String describe();
}
