package io.sockscope.config.yaml;

import java.util.List;

public record YamlSequence(List<YamlNode> items, Position position) implements YamlNode {
    public YamlSequence {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
