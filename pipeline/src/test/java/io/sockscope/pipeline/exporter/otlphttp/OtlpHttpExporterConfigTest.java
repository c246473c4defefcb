package io.sockscope.pipeline.exporter.otlphttp;

import io.sockscope.config.ConfigException;
import io.sockscope.pipeline.otlp.Bind;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpHttpExporterConfigTest {
    private static OtlpHttpExporterConfig bind(String yaml) {
        return Bind.yaml(yaml, "exporters.otlp_http", OtlpHttpExporterConfig.class, new OtlpHttpExporterFactory().defaultConfig());
    }

    @Test
    void signalPathsAreAppendedToTheEndpointPath() {
        OtlpHttpExporterConfig c = bind("endpoint: https://otlp.example.com/otlp/");
        assertThat(c.tracesUri()).isEqualTo(URI.create("https://otlp.example.com/otlp/v1/traces"));
        assertThat(c.metricsUri()).isEqualTo(URI.create("https://otlp.example.com/otlp/v1/metrics"));
    }

    @Test
    void signalEndpointsAreUsedAsWritten() {
        OtlpHttpExporterConfig c = bind("endpoint: http://collector:4318\ntraces_endpoint: http://tempo:4318/ingest");
        assertThat(c.tracesUri()).isEqualTo(URI.create("http://tempo:4318/ingest"));
        assertThat(c.metricsUri()).isEqualTo(URI.create("http://collector:4318/v1/metrics"));
    }

    @Test
    void anEndpointWithoutSchemeIsHttpsUnlessInsecure() {
        assertThat(bind("").tracesUri()).isEqualTo(URI.create("https://localhost:4318/v1/traces"));
        assertThat(bind("endpoint: collector:4318\ntls: {insecure: true}").tracesUri())
                .isEqualTo(URI.create("http://collector:4318/v1/traces"));
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> bind("endpoint: ftp://collector")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("exporters.otlp_http.endpoint");
        assertThatThrownBy(() -> bind("metrics_endpoint: 'http://'")).hasMessageContaining("exporters.otlp_http.metrics_endpoint");
        assertThatThrownBy(() -> bind("headers: {Host: other}")).hasMessageContaining("headers.Host");
        assertThatThrownBy(() -> bind("timeout: 0s")).hasMessageContaining("exporters.otlp_http.timeout");
    }

    @Test
    void factoryNames() {
        assertThat(new OtlpHttpExporterFactory().type()).isEqualTo("otlp_http");
        assertThat(new OtlpHttpExporterFactory().aliases()).containsExactly("otlphttp");
    }
}
