package io.sockscope.config.yaml;

import io.sockscope.config.ConfigProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class YamlLoaderTest {
    private final ConfigProblems problems = new ConfigProblems();

    @Test
    void keepsLineAndColumnOfKeysAndValues() {
        YamlMapping root = (YamlMapping) YamlLoader.parse("c.yaml", """
                exporters:
                  file:
                    path: /tmp/out.json
                """, problems);
        YamlMapping exporters = (YamlMapping) root.get("exporters").orElseThrow();
        YamlMapping.Entry file = exporters.entry("file").orElseThrow();
        assertThat(file.key().position()).isEqualTo(new Position("c.yaml", 2, 3));
        YamlMapping.Entry path = ((YamlMapping) file.value()).entry("path").orElseThrow();
        assertThat(path.key().position()).isEqualTo(new Position("c.yaml", 3, 5));
        assertThat(path.value().position()).isEqualTo(new Position("c.yaml", 3, 11));
        assertThat(((YamlScalar) path.value()).value()).isEqualTo("/tmp/out.json");
        assertThat(problems.errors()).isEmpty();
    }

    @Test
    void typesPlainScalarsWithTheCoreSchema() {
        YamlMapping root = (YamlMapping) YamlLoader.parse("c.yaml", """
                a: 8192
                b: 1.5
                c: true
                d: yes
                e:
                f: "8192"
                g: 0x1F
                """, problems);
        assertThat(type(root, "a")).isEqualTo(ScalarType.INT);
        assertThat(type(root, "b")).isEqualTo(ScalarType.FLOAT);
        assertThat(type(root, "c")).isEqualTo(ScalarType.BOOL);
        assertThat(type(root, "d")).isEqualTo(ScalarType.STRING);
        assertThat(type(root, "e")).isEqualTo(ScalarType.NULL);
        assertThat(type(root, "f")).isEqualTo(ScalarType.STRING);
        assertThat(type(root, "g")).isEqualTo(ScalarType.INT);
    }

    private static ScalarType type(YamlMapping m, String key) {
        return ((YamlScalar) m.get(key).orElseThrow()).type();
    }

    @Test
    void reportsDuplicateKeysWithBothLines() {
        YamlLoader.parse("c.yaml", """
                receivers:
                  ebpf: {}
                receivers:
                  otlp: {}
                """, problems);
        assertThat(problems.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.path()).isEqualTo("receivers");
            assertThat(e.getMessage()).startsWith("c.yaml:3:1: receivers: key is defined twice (first at line 1)");
        });
    }

    @Test
    void reportsSyntaxErrorsWithTheirLine() {
        YamlNode root = YamlLoader.parse("bad.yaml", """
                receivers:
                  ebpf: {}
                 exporters: [
                """, problems);
        assertThat(root).isNull();
        assertThat(problems.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("bad.yaml");
            assertThat(e.line()).isGreaterThanOrEqualTo(3);
            assertThat(e.getMessage()).contains("invalid YAML");
        });
    }

    @Test
    void appliesMergeKeys() {
        YamlMapping root = (YamlMapping) YamlLoader.parse("c.yaml", """
                base: &base {endpoint: a:1, timeout: 5s}
                x:
                  <<: *base
                  timeout: 10s
                """, problems);
        YamlMapping x = (YamlMapping) root.get("x").orElseThrow();
        assertThat(x.keys()).containsExactly("timeout", "endpoint");
        assertThat(((YamlScalar) x.get("timeout").orElseThrow()).value()).isEqualTo("10s");
    }

    @Test
    void emptyFileIsAnEmptyMappingAndAMissingFileIsAnError(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        assertThat(YamlLoader.load(empty, problems)).isInstanceOf(YamlMapping.class);
        assertThat(YamlLoader.load(dir.resolve("missing.yaml"), problems)).isNull();
        assertThat(problems.errors()).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("missing.yaml: file not found"));
    }
}
