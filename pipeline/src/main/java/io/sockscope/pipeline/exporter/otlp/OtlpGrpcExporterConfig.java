package io.sockscope.pipeline.exporter.otlp;

import io.grpc.Metadata;
import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;
import io.sockscope.pipeline.exporter.queue.RetryConfig;
import io.sockscope.pipeline.exporter.queue.SendingQueueConfig;
import io.sockscope.pipeline.otlp.HostPort;
import io.sockscope.pipeline.otlp.Headers;
import io.sockscope.pipeline.otlp.NestedValidation;
import io.sockscope.pipeline.tls.ClientTlsConfig;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the {@code otlp_grpc} exporter, the Collector's {@code otlpexporter} keys.
 *
 * <pre>{@code
 * exporters:
 *   otlp_grpc/tempo:
 *     endpoint: tempo:4317          # http://host:port for plaintext, https://host:port for TLS
 *     tls: {insecure: false, ca_file: ca.pem, cert_file: client.pem, key_file: client-key.pem}
 *     headers: {x-scope-orgid: team-a}
 *     compression: gzip             # or none
 *     timeout: 5s
 *     sending_queue: {enabled: true, num_consumers: 10, queue_size: 1000}
 *     retry_on_failure: {enabled: true, initial_interval: 5s, max_interval: 30s, max_elapsed_time: 300s}
 * }</pre>
 *
 * <p>As in the Collector, TLS is on by default: a plaintext Collector on {@code localhost:4317} needs
 * {@code tls: {insecure: true}} or {@code endpoint: http://localhost:4317}.
 *
 * @param endpoint       {@code host:port}, optionally prefixed by {@code http://} (plaintext) or {@code https://} (TLS)
 * @param tls            TLS settings; {@code insecure} is overridden by an {@code http(s)://} prefix
 * @param headers        gRPC metadata sent with every export
 * @param compression    {@code gzip} (default) or {@code none}
 * @param timeout        deadline of one export attempt, and how long shutdown keeps sending what is queued
 * @param sendingQueue   the in-memory queue of batches
 * @param retryOnFailure backoff for retryable failures
 */
public record OtlpGrpcExporterConfig(String endpoint, ClientTlsConfig tls, Map<String, String> headers, String compression,
                                     Duration timeout, SendingQueueConfig sendingQueue, RetryConfig retryOnFailure)
        implements Validated {
    public static final String DEFAULT_ENDPOINT = "localhost:4317";

    public OtlpGrpcExporterConfig {
        endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint.strip();
        tls = tls == null ? ClientTlsConfig.defaults() : tls;
        headers = Headers.copyOf(headers);
        compression = compression == null ? "gzip" : compression.strip().toLowerCase(Locale.ROOT);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        sendingQueue = sendingQueue == null ? SendingQueueConfig.defaults() : sendingQueue;
        retryOnFailure = retryOnFailure == null ? RetryConfig.defaults() : retryOnFailure;
    }

    public static OtlpGrpcExporterConfig defaults() {
        return new OtlpGrpcExporterConfig(null, null, null, null, null, null, null);
    }

    /** A copy with another endpoint (tests, command-line overrides). */
    public OtlpGrpcExporterConfig withEndpoint(String newEndpoint) {
        return new OtlpGrpcExporterConfig(newEndpoint, tls, headers, compression, timeout, sendingQueue, retryOnFailure);
    }

    @Override
    public void validate() {
        try {
            hostPort();
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("endpoint", "endpoint " + e.getMessage(),
                    "write host:port, e.g. localhost:4317, optionally with http:// (plaintext) or https:// (TLS)");
        }
        if (!gzip() && !compression.equals("none") && !compression.isEmpty()) {
            throw new InvalidValueException("compression", "unsupported compression '" + compression + "'",
                    "use gzip (the default) or none");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidValueException("timeout", "timeout must be positive", "use a duration such as 5s");
        }
        for (String name : headers.keySet()) {
            try {
                Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("headers." + name, "'" + name + "' is not a valid gRPC header name: "
                        + e.getMessage(), "use lowercase letters, digits, '-', '_' and '.'; names ending in -bin are binary and not supported");
            }
        }
        NestedValidation.validate("tls", tls);
        NestedValidation.validate("sending_queue", sendingQueue);
        NestedValidation.validate("retry_on_failure", retryOnFailure);
    }

    /** The endpoint without its scheme. */
    public HostPort hostPort() {
        String s = endpoint;
        for (String scheme : new String[]{"http://", "https://"}) {
            if (s.regionMatches(true, 0, scheme, 0, scheme.length())) {
                s = s.substring(scheme.length());
            }
        }
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        HostPort hp = HostPort.parse(s);
        if (hp.host().isEmpty()) {
            throw new IllegalArgumentException("'" + endpoint + "' has no host");
        }
        return hp;
    }

    /** Plaintext when the endpoint says {@code http://}, TLS when it says {@code https://}, else as {@code tls.insecure}. */
    public boolean plaintext() {
        if (endpoint.regionMatches(true, 0, "http://", 0, 7)) {
            return true;
        }
        if (endpoint.regionMatches(true, 0, "https://", 0, 8)) {
            return false;
        }
        return tls.insecure();
    }

    public boolean gzip() {
        return compression.equals("gzip");
    }
}
