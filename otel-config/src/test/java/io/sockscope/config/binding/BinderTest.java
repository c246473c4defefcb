package io.sockscope.config.binding;

import io.sockscope.config.ConfigException;
import io.sockscope.config.ConfigProblems;
import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;
import io.sockscope.config.yaml.Position;
import io.sockscope.config.yaml.YamlLoader;
import io.sockscope.config.yaml.YamlMapping;
import io.sockscope.config.yaml.YamlNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BinderTest {
    enum Verbosity { BASIC, NORMAL, DETAILED }

    record Tls(boolean insecure, String caFile) {
    }

    record Action(String key, Object value, String action) implements Validated {
        @Override
        public void validate() {
            if (key == null) {
                throw new InvalidValueException("key", "missing key", "name the attribute: key: http.route");
            }
        }
    }

    record Retry(boolean enabled, Duration initialInterval, Duration maxInterval) implements Validated {
        @Override
        public void validate() {
            if (maxInterval.compareTo(initialInterval) < 0) {
                throw new InvalidValueException("max_interval", "max_interval is shorter than initial_interval",
                        "make max_interval at least " + Durations.format(initialInterval));
            }
        }
    }

    record Sample(String endpoint, int sendBatchSize, long limitMib, double ratio, Boolean compression, Integer optional,
                  Duration timeout, Verbosity verbosity, List<String> tags, Map<String, String> headers,
                  Map<String, Object> extra, Tls tls, Retry retryOnFailure, List<Action> actions,
                  @ConfigKey("ca") String certificateAuthority) {
        static Sample defaults() {
            return new Sample("localhost:4317", 8192, 0, 0.5, null, null, Duration.ofMillis(200), Verbosity.BASIC,
                    List.of(), Map.of(), Map.of(), new Tls(false, null),
                    new Retry(true, Duration.ofSeconds(5), Duration.ofSeconds(30)), List.of(), null);
        }
    }

    private final ConfigProblems problems = new ConfigProblems();

    private Sample bind(String yaml) {
        YamlMapping root = (YamlMapping) YamlLoader.parse("config.yaml", yaml, problems);
        YamlNode body = root.get("exporters").map(n -> ((YamlMapping) n).get("sample").orElseThrow()).orElseThrow();
        return Binder.bind(body, "exporters.sample", Sample.class, Sample.defaults(), new Position("config.yaml", 2, 3), problems);
    }

    @Test
    void bindsEveryTypeAndKeepsDefaultsForMissingKeys() {
        Sample s = bind("""
                exporters:
                  sample:
                    send_batch_size: 100
                    ratio: 1
                    compression: true
                    timeout: 1m30s
                    verbosity: detailed
                    tags: [a, b]
                    headers: {x-api-key: secret}
                    extra: {n: 3, f: 1.5, b: false, s: text, l: [1, two], m: {k: v}}
                    tls: {ca_file: /etc/ca.pem}
                    retry_on_failure: {max_interval: 1m}
                    actions:
                      - {key: k1, value: 42, action: insert}
                      - {key: k2, value: text, action: upsert}
                    ca: /x
                """);
        assertThat(problems.errors()).isEmpty();
        assertThat(s.endpoint()).isEqualTo("localhost:4317");
        assertThat(s.sendBatchSize()).isEqualTo(100);
        assertThat(s.ratio()).isEqualTo(1.0);
        assertThat(s.compression()).isTrue();
        assertThat(s.optional()).isNull();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.verbosity()).isEqualTo(Verbosity.DETAILED);
        assertThat(s.tags()).containsExactly("a", "b");
        assertThat(s.headers()).containsExactly(Map.entry("x-api-key", "secret"));
        assertThat(s.extra()).containsExactly(Map.entry("n", 3L), Map.entry("f", 1.5), Map.entry("b", false),
                Map.entry("s", "text"), Map.entry("l", List.of(1L, "two")), Map.entry("m", Map.of("k", "v")));
        assertThat(s.tls()).isEqualTo(new Tls(false, "/etc/ca.pem"));
        assertThat(s.retryOnFailure()).isEqualTo(new Retry(true, Duration.ofSeconds(5), Duration.ofMinutes(1)));
        assertThat(s.actions()).containsExactly(new Action("k1", 42L, "insert"), new Action("k2", "text", "upsert"));
        assertThat(s.certificateAuthority()).isEqualTo("/x");
    }

    @Test
    void emptyBodyGivesTheDefaults() {
        Sample s = bind("""
                exporters:
                  sample:
                """);
        assertThat(problems.errors()).isEmpty();
        assertThat(s).isEqualTo(Sample.defaults());
    }

    @Test
    void unknownKeySuggestsTheClosestKey() {
        assertThat(bind("""
                exporters:
                  sample:
                    send_batch_sise: 10
                """)).isNull();
        assertThat(problems.errors()).singleElement().extracting(ConfigException::getMessage).isEqualTo(
                "config.yaml:3:5: exporters.sample.send_batch_sise: unknown key \"send_batch_sise\" (hint: did you mean \"send_batch_size\"?)");
    }

    @Test
    void wrongTypesAreReportedWithLineAndExpectation() {
        bind("""
                exporters:
                  sample:
                    timeout: 5
                    send_batch_size: lots
                    verbosity: loud
                    compression: yes
                    tags: a
                    tls: {insecure: maybe}
                """);
        assertThat(problems.errors()).extracting(ConfigException::getMessage).containsExactly(
                "config.yaml:3:14: exporters.sample.timeout: expected a duration like 5s, got a number (5)"
                        + " (hint: write a number with a unit: 200ms, 5s, 1m30s (units ns, us, ms, s, m, h))",
                "config.yaml:4:22: exporters.sample.send_batch_size: expected a whole number, got a string (\"lots\")"
                        + " (hint: write digits only, e.g. 8192)",
                "config.yaml:5:16: exporters.sample.verbosity: expected one of basic, normal, detailed, got a string (\"loud\")"
                        + " (hint: write one of basic, normal, detailed)",
                "config.yaml:6:18: exporters.sample.compression: expected true or false, got a string (\"yes\")"
                        + " (hint: write true or false)",
                "config.yaml:7:11: exporters.sample.tags: expected a list, got a string (\"a\")"
                        + " (hint: write [a, b] or one \"- item\" per line)",
                "config.yaml:8:21: exporters.sample.tls.insecure: expected true or false, got a string (\"maybe\")"
                        + " (hint: write true or false)");
    }

    @Test
    void validateErrorsPointAtTheKeyTheyName() {
        bind("""
                exporters:
                  sample:
                    retry_on_failure:
                      initial_interval: 10s
                      max_interval: 1s
                    actions:
                      - {value: 1}
                """);
        assertThat(problems.errors()).extracting(ConfigException::getMessage).containsExactly(
                "config.yaml:5:21: exporters.sample.retry_on_failure.max_interval: max_interval is shorter than initial_interval"
                        + " (hint: make max_interval at least 10s)",
                "config.yaml:7:9: exporters.sample.actions[0].key: missing key (hint: name the attribute: key: http.route)");
    }

    @Test
    void outerValidateSeesDottedAndIndexedKeys() {
        record Outer(List<String> spans) implements Validated {
            @Override
            public void validate() {
                throw new InvalidValueException("spans[1]", "unsupported condition", "see the docs");
            }
        }
        YamlMapping root = (YamlMapping) YamlLoader.parse("c.yaml", """
                filter:
                  spans:
                    - name == "a"
                    - bogus
                """, problems);
        Outer o = Binder.bind(root.get("filter").orElseThrow(), "processors.filter", Outer.class, null,
                new Position("c.yaml", 1, 1), problems);
        assertThat(o).isNull();
        assertThat(problems.errors()).singleElement().extracting(ConfigException::getMessage)
                .isEqualTo("c.yaml:4:7: processors.filter.spans[1]: unsupported condition (hint: see the docs)");
    }

    @Test
    void snakeCaseOfComponentNames() {
        assertThat(Binder.snakeCase("sendBatchSize")).isEqualTo("send_batch_size");
        assertThat(Binder.snakeCase("limitMib")).isEqualTo("limit_mib");
        assertThat(Binder.snakeCase("caFile")).isEqualTo("ca_file");
        assertThat(Binder.snakeCase("path")).isEqualTo("path");
        assertThat(Binder.snakeCase("maxMegabytes")).isEqualTo("max_megabytes");
    }
}
