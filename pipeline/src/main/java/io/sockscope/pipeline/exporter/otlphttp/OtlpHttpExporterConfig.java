package io.sockscope.pipeline.exporter.otlphttp;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;
import io.sockscope.pipeline.exporter.queue.RetryConfig;
import io.sockscope.pipeline.exporter.queue.SendingQueueConfig;
import io.sockscope.pipeline.otlp.Headers;
import io.sockscope.pipeline.otlp.NestedValidation;
import io.sockscope.pipeline.tls.ClientTlsConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the {@code otlp_http} exporter, the Collector's {@code otlphttpexporter} keys.
 *
 * <pre>{@code
 * exporters:
 *   otlp_http/backend:
 *     endpoint: https://otlp.example.com:4318   # /v1/traces and /v1/metrics are appended
 *     traces_endpoint: https://other/v1/traces  # optional, used as written
 *     tls: {ca_file: ca.pem}
 *     headers: {authorization: "Bearer ${env:TOKEN}"}
 *     compression: gzip
 *     timeout: 5s
 *     sending_queue: {queue_size: 1000}
 *     retry_on_failure: {max_elapsed_time: 300s}
 * }</pre>
 *
 * <p>The URL's scheme decides between TLS and plaintext. An endpoint written without one is
 * {@code https://} unless {@code tls.insecure} is true, as for {@code otlp_grpc}.
 *
 * @param endpoint        base URL; {@code /v1/traces} and {@code /v1/metrics} are appended to its path
 * @param tracesEndpoint  full URL for traces, instead of {@code endpoint + /v1/traces}
 * @param metricsEndpoint full URL for metrics, instead of {@code endpoint + /v1/metrics}
 * @param tls             TLS settings for {@code https://} URLs
 * @param headers         HTTP headers sent with every export
 * @param compression     {@code gzip} (default) or {@code none}
 * @param timeout         limit of one export attempt, and how long shutdown keeps sending what is queued
 * @param sendingQueue    the in-memory queue of batches
 * @param retryOnFailure  backoff for 429, 502, 503, 504 and connection failures
 */
public record OtlpHttpExporterConfig(String endpoint, String tracesEndpoint, String metricsEndpoint, ClientTlsConfig tls,
                                     Map<String, String> headers, String compression, Duration timeout,
                                     SendingQueueConfig sendingQueue, RetryConfig retryOnFailure) implements Validated {
    public static final String DEFAULT_ENDPOINT = "localhost:4318";
    /** Headers the JDK's HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    public OtlpHttpExporterConfig {
        endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint.strip();
        tls = tls == null ? ClientTlsConfig.defaults() : tls;
        headers = Headers.copyOf(headers);
        compression = compression == null ? "gzip" : compression.strip().toLowerCase(Locale.ROOT);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        sendingQueue = sendingQueue == null ? SendingQueueConfig.defaults() : sendingQueue;
        retryOnFailure = retryOnFailure == null ? RetryConfig.defaults() : retryOnFailure;
    }

    public static OtlpHttpExporterConfig defaults() {
        return new OtlpHttpExporterConfig(null, null, null, null, null, null, null, null, null);
    }

    /** A copy with another base endpoint (tests, command-line overrides). */
    public OtlpHttpExporterConfig withEndpoint(String newEndpoint) {
        return new OtlpHttpExporterConfig(newEndpoint, tracesEndpoint, metricsEndpoint, tls, headers, compression, timeout,
                sendingQueue, retryOnFailure);
    }

    @Override
    public void validate() {
        checkUrl("endpoint", endpoint);
        if (tracesEndpoint != null) {
            checkUrl("traces_endpoint", tracesEndpoint);
        }
        if (metricsEndpoint != null) {
            checkUrl("metrics_endpoint", metricsEndpoint);
        }
        if (!gzip() && !compression.equals("none") && !compression.isEmpty()) {
            throw new InvalidValueException("compression", "unsupported compression '" + compression + "'",
                    "use gzip (the default) or none");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidValueException("timeout", "timeout must be positive", "use a duration such as 5s");
        }
        for (String name : headers.keySet()) {
            if (name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new InvalidValueException("headers." + name, "'" + name + "' is not a valid HTTP header name",
                        "use letters, digits and '-'");
            }
            if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidValueException("headers." + name, "the '" + name + "' header is set by the HTTP client",
                        "remove it from headers");
            }
        }
        NestedValidation.validate("tls", tls);
        NestedValidation.validate("sending_queue", sendingQueue);
        NestedValidation.validate("retry_on_failure", retryOnFailure);
    }

    public URI tracesUri() {
        return tracesEndpoint != null ? url(tracesEndpoint) : signalUrl("/v1/traces");
    }

    public URI metricsUri() {
        return metricsEndpoint != null ? url(metricsEndpoint) : signalUrl("/v1/metrics");
    }

    public boolean gzip() {
        return compression.equals("gzip");
    }

    private URI signalUrl(String path) {
        URI base = url(endpoint);
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        return base.resolve(basePath + path);
    }

    /** The URL as written, with {@code https://} (or {@code http://} when {@code tls.insecure}) if it has no scheme. */
    private URI url(String text) {
        String s = text.contains("://") ? text : (tls.insecure() ? "http://" : "https://") + text;
        try {
            URI uri = new URI(s);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' has no host");
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
    }

    private void checkUrl(String key, String text) {
        try {
            url(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(key, key + " " + e.getMessage(),
                    "write a URL such as https://collector:4318 (http:// for plaintext)");
        }
    }
}
