package io.sockscope.pipeline.otlp;

import io.sockscope.config.ConfigProblems;
import io.sockscope.config.binding.Binder;
import io.sockscope.config.yaml.Position;
import io.sockscope.config.yaml.YamlLoader;
import io.sockscope.config.yaml.YamlNode;

/** Binds a component's YAML body to its config record with otel-config's binder, as the assembler will. */
public final class Bind {
    private Bind() {
    }

    /** @throws io.sockscope.config.ConfigException with every problem found */
    public static <R extends Record> R yaml(String yaml, String path, Class<R> type, R defaults) {
        ConfigProblems problems = new ConfigProblems();
        YamlNode node = YamlLoader.parse("test.yaml", yaml, problems);
        R bound = Binder.bind(node, path, type, defaults, Position.ofFile("test.yaml"), problems);
        problems.throwIfErrors();
        return bound;
    }
}
