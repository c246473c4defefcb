package io.sockscope.config.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A mapping in file order. Keys are unique (the loader reports duplicates). */
public record YamlMapping(List<Entry> entries, Position position) implements YamlNode {
    /** One {@code key: value}; value is never null (an empty value is a {@link ScalarType#NULL} scalar). */
    public record Entry(YamlScalar key, YamlNode value) {
        public String name() {
            return key.value();
        }
    }

    public YamlMapping {
        entries = List.copyOf(entries);
    }

    public static YamlMapping empty(Position position) {
        return new YamlMapping(List.of(), position);
    }

    public Optional<Entry> entry(String key) {
        for (Entry e : entries) {
            if (e.name().equals(key)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public Optional<YamlNode> get(String key) {
        return entry(key).map(Entry::value);
    }

    public List<String> keys() {
        List<String> keys = new ArrayList<>(entries.size());
        entries.forEach(e -> keys.add(e.name()));
        return keys;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public String describe() {
        return "a mapping";
    }
}
