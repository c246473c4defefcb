package io.sockscope.pipeline.exporter.otlp;

import io.sockscope.config.ConfigException;
import io.sockscope.config.InvalidValueException;
import io.sockscope.pipeline.exporter.queue.RetryConfig;
import io.sockscope.pipeline.exporter.queue.SendingQueueConfig;
import io.sockscope.pipeline.otlp.Bind;
import io.sockscope.pipeline.otlp.HostPort;
import io.sockscope.pipeline.tls.ClientTlsConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpGrpcExporterConfigTest {
    private static OtlpGrpcExporterConfig bind(String yaml) {
        return Bind.yaml(yaml, "exporters.otlp_grpc", OtlpGrpcExporterConfig.class, new OtlpGrpcExporterFactory().defaultConfig());
    }

    @Test
    void defaultsAreTheCollectors() {
        OtlpGrpcExporterConfig c = bind("");
        assertThat(c.endpoint()).isEqualTo("localhost:4317");
        assertThat(c.plaintext()).isFalse();
        assertThat(c.gzip()).isTrue();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.sendingQueue()).isEqualTo(new SendingQueueConfig(true, 10, 1000));
        assertThat(c.retryOnFailure()).isEqualTo(new RetryConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(300), 1.5, 0.5));
        assertThat(c.tls()).isEqualTo(ClientTlsConfig.defaults());
        assertThat(c.headers()).isEmpty();
    }

    @Test
    void bindsEveryCollectorKey() {
        OtlpGrpcExporterConfig c = bind("""
                endpoint: tempo.example:4317
                tls: {insecure: true}
                headers: {x-scope-orgid: team-a}
                compression: none
                timeout: 2s
                sending_queue: {enabled: true, num_consumers: 4, queue_size: 50}
                retry_on_failure: {initial_interval: 1s, max_interval: 10s, max_elapsed_time: 1m, multiplier: 2, randomization_factor: 0.1}
                """);
        assertThat(c.hostPort()).isEqualTo(new HostPort("tempo.example", 4317));
        assertThat(c.plaintext()).isTrue();
        assertThat(c.headers()).isEqualTo(Map.of("x-scope-orgid", "team-a"));
        assertThat(c.gzip()).isFalse();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.sendingQueue()).isEqualTo(new SendingQueueConfig(true, 4, 50));
        assertThat(c.retryOnFailure()).isEqualTo(new RetryConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(1), 2.0, 0.1));
    }

    @Test
    void aPartialNestedMappingKeepsTheOtherDefaults() {
        OtlpGrpcExporterConfig c = bind("retry_on_failure: {max_elapsed_time: 0s}\nsending_queue: {queue_size: 5}");
        assertThat(c.retryOnFailure().initialInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retryOnFailure().maxElapsedTime()).isZero();
        assertThat(c.sendingQueue().numConsumers()).isEqualTo(10);
    }

    @Test
    void theSchemeDecidesTls() {
        OtlpGrpcExporterConfig defaults = OtlpGrpcExporterConfig.defaults();
        assertThat(defaults.withEndpoint("http://collector:4317").plaintext()).isTrue();
        assertThat(defaults.withEndpoint("http://collector:4317").hostPort()).isEqualTo(new HostPort("collector", 4317));
        assertThat(defaults.withEndpoint("https://collector:4317/").plaintext()).isFalse();
        assertThat(defaults.withEndpoint("[::1]:4317").hostPort()).isEqualTo(new HostPort("::1", 4317));
    }

    @Test
    void mistakesNameTheKeyAndLine() {
        assertThatThrownBy(() -> bind("endpoint: collector"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.yaml:1:")
                .hasMessageContaining("exporters.otlp_grpc.endpoint")
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> bind("compression: zstd")).hasMessageContaining("exporters.otlp_grpc.compression")
                .hasMessageContaining("gzip");
        assertThatThrownBy(() -> bind("retry_on_failure:\n  max_interval: 1s\n"))
                .hasMessageContaining("test.yaml:2:")
                .hasMessageContaining("exporters.otlp_grpc.retry_on_failure.max_interval");
        assertThatThrownBy(() -> bind("sending_queue: {queue_size: 0}"))
                .hasMessageContaining("exporters.otlp_grpc.sending_queue.queue_size");
        assertThatThrownBy(() -> bind("tls: {cert_file: /etc/client.pem}"))
                .hasMessageContaining("exporters.otlp_grpc.tls.key_file");
        assertThatThrownBy(() -> bind("tls: {ca_file: /nonexistent/ca.pem}"))
                .hasMessageContaining("exporters.otlp_grpc.tls.ca_file").hasMessageContaining("cannot read");
        assertThatThrownBy(() -> bind("headers: {\"Bad Header\": x}")).hasMessageContaining("headers.Bad Header");
        assertThatThrownBy(() -> bind("headers:\n  x-tenant:\n")).hasMessageContaining("test.yaml:2:")
                .hasMessageContaining("headers.x-tenant").hasMessageContaining("no value");
    }

    @Test
    void validateFromCodeNamesNestedKeysFromTheExporter() {
        OtlpGrpcExporterConfig c = new OtlpGrpcExporterConfig(null, null, null, null, null, null,
                new RetryConfig(true, null, null, null, 0.5, null));
        assertThatThrownBy(c::validate).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.key()).isEqualTo("retry_on_failure.multiplier"));
    }

    @Test
    void factoryNamesAndSignals() {
        OtlpGrpcExporterFactory f = new OtlpGrpcExporterFactory();
        assertThat(f.type()).isEqualTo("otlp_grpc");
        assertThat(f.aliases()).containsExactly("otlp");
        assertThat(f.configClass()).isEqualTo(OtlpGrpcExporterConfig.class);
    }
}
