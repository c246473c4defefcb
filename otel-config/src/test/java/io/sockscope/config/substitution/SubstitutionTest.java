package io.sockscope.config.substitution;

import io.sockscope.config.ConfigProblems;
import io.sockscope.config.yaml.ScalarType;
import io.sockscope.config.yaml.YamlLoader;
import io.sockscope.config.yaml.YamlMapping;
import io.sockscope.config.yaml.YamlNode;
import io.sockscope.config.yaml.YamlScalar;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubstitutionTest {
    private final ConfigProblems problems = new ConfigProblems();
    private final Map<String, String> env = Map.of("HOST", "collector", "PORT", "4317", "EMPTY", "", "SIZE", "8192");

    private YamlMapping expand(String yaml) {
        YamlNode root = YamlLoader.parse("config.yaml", yaml, problems);
        return (YamlMapping) Substitution.apply(root, env::get, problems);
    }

    private static YamlScalar scalar(YamlMapping m, String key) {
        return (YamlScalar) m.get(key).orElseThrow();
    }

    @Test
    void expandsAllCollectorForms() {
        YamlMapping m = expand("""
                a: ${env:HOST}:${env:PORT}
                b: ${HOST}
                c: ${env:UNSET:-localhost:4317}
                d: ${env:HOST:-ignored}
                e: "${env:EMPTY:-not used when set}"
                """);
        assertThat(scalar(m, "a").value()).isEqualTo("collector:4317");
        assertThat(scalar(m, "b").value()).isEqualTo("collector");
        assertThat(scalar(m, "c").value()).isEqualTo("localhost:4317");
        assertThat(scalar(m, "d").value()).isEqualTo("collector");
        assertThat(scalar(m, "e").value()).isEmpty();
        assertThat(problems.errors()).isEmpty();
    }

    @Test
    void dollarDollarIsALiteralDollar() {
        YamlMapping m = expand("""
                a: price$$5
                b: $${env:HOST}
                c: $HOST
                """);
        assertThat(scalar(m, "a").value()).isEqualTo("price$5");
        assertThat(scalar(m, "b").value()).isEqualTo("${env:HOST}");
        assertThat(scalar(m, "c").value()).isEqualTo("$HOST");
        assertThat(problems.errors()).isEmpty();
    }

    @Test
    void unsetVariableWithoutDefaultIsAnErrorNamingFileLineAndVariable() {
        expand("""
                exporters:
                  otlp_grpc:
                    endpoint: ${env:OTLP_ENDPOINT}
                """);
        assertThat(problems.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("config.yaml");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isEqualTo(15);
            assertThat(e.path()).isEqualTo("exporters.otlp_grpc.endpoint");
            assertThat(e.getMessage()).isEqualTo("config.yaml:3:15: exporters.otlp_grpc.endpoint: environment variable OTLP_ENDPOINT"
                    + " is not set (hint: set OTLP_ENDPOINT, or give a default: ${env:OTLP_ENDPOINT:-value})");
        });
    }

    @Test
    void unsetVariableWithDefaultIsNotAnError() {
        YamlMapping m = expand("endpoint: ${env:OTLP_ENDPOINT:-localhost:4317}\n");
        assertThat(problems.errors()).isEmpty();
        assertThat(scalar(m, "endpoint").value()).isEqualTo("localhost:4317");
    }

    @Test
    void aWholeReferenceIsRetypedAnEmbeddedOneIsAString() {
        YamlMapping m = expand("""
                a: ${env:SIZE}
                b: x${env:SIZE}
                c: "${env:SIZE}"
                """);
        assertThat(scalar(m, "a").type()).isEqualTo(ScalarType.INT);
        assertThat(scalar(m, "b").type()).isEqualTo(ScalarType.STRING);
        assertThat(scalar(m, "c").type()).isEqualTo(ScalarType.STRING);
    }

    @Test
    void rejectsOtherProvidersAndBadReferences() {
        expand("""
                a: ${file:/etc/secret}
                b: ${env:HOST
                c: ${env:1BAD}
                """);
        assertThat(problems.errors()).extracting(e -> e.line() + " " + e.detail()).containsExactly(
                "1 unsupported config provider \"file\" in ${file:/etc/secret}",
                "2 unterminated reference \"${env:HOST\"",
                "3 invalid reference ${env:1BAD}");
    }

    @Test
    void keysAreNotExpanded() {
        YamlMapping m = expand("${HOST}: 1\n");
        assertThat(m.keys()).containsExactly("${HOST}");
    }
}
