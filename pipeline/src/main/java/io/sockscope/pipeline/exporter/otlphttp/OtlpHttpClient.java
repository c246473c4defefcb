package io.sockscope.pipeline.exporter.otlphttp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.sockscope.pipeline.exporter.compression.RequestBody;
import io.sockscope.pipeline.exporter.queue.SendResult;
import io.sockscope.pipeline.tls.PemTls;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * OTLP/HTTP with binary protobuf bodies over the JDK's {@link HttpClient}: one POST per batch, and
 * the spec's reading of the answer (2xx with an optional partial success; 429, 502, 503, 504 retried
 * after {@code Retry-After}; any other status dropped). Thread-safe.
 *
 * @see <a href="https://opentelemetry.io/docs/specs/otlp/#otlphttp-response">OTLP/HTTP response</a>
 */
final class OtlpHttpClient implements AutoCloseable {
    private static final String PROTOBUF = "application/x-protobuf";
    private static final int MAX_MESSAGE_CHARS = 512;

    private final HttpClient client;
    private final URI tracesUri;
    private final URI metricsUri;
    private final Map<String, String> headers;
    private final boolean gzip;
    private final Duration timeout;

    OtlpHttpClient(OtlpHttpExporterConfig config) throws IOException, GeneralSecurityException {
        this.tracesUri = config.tracesUri();
        this.metricsUri = config.metricsUri();
        this.headers = config.headers();
        this.gzip = config.gzip();
        this.timeout = config.timeout();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (isHttps(tracesUri) || isHttps(metricsUri)) {
            builder.sslContext(PemTls.clientContext(config.tls()));
        }
        this.client = builder.build();
    }

    /** POSTs one {@code ExportTraceServiceRequest} as {@link RequestBody} encoded it (gzipped when the exporter compresses). */
    SendResult exportTraces(byte[] request) throws InterruptedException {
        return post(tracesUri, request, body -> {
            ExportTraceServiceResponse r = ExportTraceServiceResponse.parseFrom(body);
            return r.hasPartialSuccess()
                    ? new SendResult.Sent(r.getPartialSuccess().getRejectedSpans(), r.getPartialSuccess().getErrorMessage())
                    : SendResult.sent();
        });
    }

    /** POSTs one {@code ExportMetricsServiceRequest} as {@link RequestBody} encoded it. */
    SendResult exportMetrics(byte[] request) throws InterruptedException {
        return post(metricsUri, request, body -> {
            ExportMetricsServiceResponse r = ExportMetricsServiceResponse.parseFrom(body);
            return r.hasPartialSuccess()
                    ? new SendResult.Sent(r.getPartialSuccess().getRejectedDataPoints(), r.getPartialSuccess().getErrorMessage())
                    : SendResult.sent();
        });
    }

    private interface SuccessParser {
        SendResult parse(byte[] body) throws InvalidProtocolBufferException;
    }

    private SendResult post(URI uri, byte[] body, SuccessParser success) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                // HTTP/2 only where ALPN negotiates it; plaintext h2c upgrades confuse some proxies
                .version(isHttps(uri) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .header("Content-Type", PROTOBUF)
                .header("User-Agent", "sockscope");
        headers.forEach(request::header);
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new SendResult.Retryable(describe(uri, e), null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (response.body().length == 0 || !isProtobuf(response)) {
                return SendResult.sent();
            }
            try {
                return success.parse(response.body());
            } catch (InvalidProtocolBufferException e) {
                return SendResult.sent(); // delivered; the answer is just not readable
            }
        }
        String reason = "HTTP " + status + " from " + uri + errorMessage(response).map(m -> ": " + m).orElse("");
        return switch (status) {
            case 429, 502, 503, 504 -> new SendResult.Retryable(reason, retryAfter(response).orElse(null));
            default -> new SendResult.Permanent(reason);
        };
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            String s = v.strip();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(s))));
            } catch (NumberFormatException e) {
                try {
                    Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME));
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException e2) {
                    return Optional.empty();
                }
            }
        });
    }

    /** The {@code google.rpc.Status} message of an error body, or the start of a text body. */
    private static Optional<String> errorMessage(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return Optional.empty();
        }
        if (isProtobuf(response)) {
            try {
                String m = com.google.rpc.Status.parseFrom(body).getMessage();
                return m.isEmpty() ? Optional.empty() : Optional.of(m);
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return Optional.of(text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "..." : text);
    }

    private static boolean isProtobuf(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type")
                .map(t -> t.toLowerCase(Locale.ROOT).startsWith(PROTOBUF)).orElse(false);
    }

    private static String describe(URI uri, IOException e) {
        String text = "POST " + uri + " failed: " + e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return text + " (check tls: ca_file, cert_file, key_file; for a plaintext backend write the endpoint with http://)";
            }
        }
        return text;
    }

    private static boolean isHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
