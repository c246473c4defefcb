package io.sockscope.semconv.metrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.HttpDetails;
import io.sockscope.semconv.otlp.KeyValues;

import java.util.ArrayList;
import java.util.List;

/**
 * RED metrics of exchanges, from the exchange's span so that metrics and spans always agree on
 * method, status, {@code error.type} and {@code server.*}:
 *
 * <ul>
 *   <li>HTTP SERVER spans: {@value #HTTP_SERVER_DURATION_NAME} with {@code http.request.method},
 *       {@code url.scheme}, {@code http.response.status_code}, {@code error.type},
 *       {@code network.protocol.version} and {@code http.route} when known (semconv 1.45);</li>
 *   <li>HTTP CLIENT spans: {@value #HTTP_CLIENT_DURATION_NAME} with {@code http.request.method},
 *       {@code server.address}, {@code server.port}, {@code http.response.status_code},
 *       {@code error.type} and {@code network.protocol.version};</li>
 *   <li>exchanges of no known protocol: {@value #EXCHANGE_DURATION_NAME} (s),
 *       {@value #EXCHANGE_REQUEST_SIZE_NAME} and {@value #EXCHANGE_RESPONSE_SIZE_NAME} (By: all bytes
 *       of the request, all bytes of the response), with {@value #ROLE} ({@code client}/{@code server}),
 *       {@code server.address} (clients only), {@code server.port}, {@code network.transport} and
 *       {@code error.type}.</li>
 * </ul>
 * Never paths, queries, peer ports or client addresses: every attribute is low-cardinality.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExchangeMetrics {
    public static final String HTTP_SERVER_DURATION_NAME = "http.server.request.duration";
    public static final String HTTP_CLIENT_DURATION_NAME = "http.client.request.duration";
    public static final String EXCHANGE_DURATION_NAME = "sockscope.exchange.duration";
    public static final String EXCHANGE_REQUEST_SIZE_NAME = "sockscope.exchange.request.size";
    public static final String EXCHANGE_RESPONSE_SIZE_NAME = "sockscope.exchange.response.size";
    /** Which end of the connection measured an exchange of no known protocol: {@code client} or {@code server}. */
    public static final String ROLE = "sockscope.exchange.role";

    /** The buckets the HTTP semantic conventions advise for request durations, in seconds. */
    public static final double[] DURATION_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
    /** Powers of four from 64 B to 16 MiB. */
    public static final double[] SIZE_BUCKETS = {64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216};

    public static final MetricSpec HTTP_SERVER_DURATION = MetricSpec.histogram(HTTP_SERVER_DURATION_NAME,
            "Duration of HTTP server requests.", "s", DURATION_BUCKETS);
    public static final MetricSpec HTTP_CLIENT_DURATION = MetricSpec.histogram(HTTP_CLIENT_DURATION_NAME,
            "Duration of HTTP client requests.", "s", DURATION_BUCKETS);
    public static final MetricSpec EXCHANGE_DURATION = MetricSpec.histogram(EXCHANGE_DURATION_NAME,
            "Duration of request/response exchanges of no known protocol, first request byte to last response byte.", "s",
            DURATION_BUCKETS);
    public static final MetricSpec EXCHANGE_REQUEST_SIZE = MetricSpec.histogram(EXCHANGE_REQUEST_SIZE_NAME,
            "Bytes of the requests of exchanges of no known protocol.", "By", SIZE_BUCKETS);
    public static final MetricSpec EXCHANGE_RESPONSE_SIZE = MetricSpec.histogram(EXCHANGE_RESPONSE_SIZE_NAME,
            "Bytes of the responses of exchanges of no known protocol (0 when none was seen).", "By", SIZE_BUCKETS);

    /** Every metric this class measures, in a stable order. */
    public static final List<MetricSpec> ALL = List.of(HTTP_SERVER_DURATION, HTTP_CLIENT_DURATION, EXCHANGE_DURATION,
            EXCHANGE_REQUEST_SIZE, EXCHANGE_RESPONSE_SIZE);

    private static final List<String> HTTP_SERVER_KEYS = List.of("http.request.method", "url.scheme", "http.route",
            "http.response.status_code", "error.type", "network.protocol.version");
    private static final List<String> HTTP_CLIENT_KEYS = List.of("http.request.method", "server.address", "server.port",
            "http.response.status_code", "error.type", "network.protocol.version");
    private static final List<String> OPAQUE_CLIENT_KEYS = List.of("server.address", "server.port", "network.transport", "error.type");
    private static final List<String> OPAQUE_SERVER_KEYS = List.of("server.port", "network.transport", "error.type");
    private static final KeyValue ROLE_CLIENT = KeyValues.of(ROLE, "client");
    private static final KeyValue ROLE_SERVER = KeyValues.of(ROLE, "server");

    /**
     * What to record for one exchange.
     *
     * @param duration   the duration histogram to record {@code seconds} in
     * @param attributes its attributes, in a fixed key order
     * @param opaque     whether the size histograms apply too (exchanges of no known protocol)
     */
    public record Measurement(MetricSpec duration, List<KeyValue> attributes, double seconds, boolean opaque,
                              long requestBytes, long responseBytes) {
    }

    private ExchangeMetrics() {
    }

    /** The measurement of an exchange, given the span {@code SpanMapper} made of it. */
    public static Measurement measure(Exchange exchange, Span span) {
        boolean client = span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT;
        double seconds = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e9;
        if (exchange.details() instanceof HttpDetails) {
            return new Measurement(client ? HTTP_CLIENT_DURATION : HTTP_SERVER_DURATION,
                    select(span, client ? HTTP_CLIENT_KEYS : HTTP_SERVER_KEYS, null), seconds, false, 0, 0);
        }
        return new Measurement(EXCHANGE_DURATION,
                select(span, client ? OPAQUE_CLIENT_KEYS : OPAQUE_SERVER_KEYS, client ? ROLE_CLIENT : ROLE_SERVER), seconds, true,
                exchange.requestBytes(), exchange.responseBytes());
    }

    /** The span's attributes with these keys, in the keys' order, after {@code first}. */
    private static List<KeyValue> select(Span span, List<String> keys, KeyValue first) {
        List<KeyValue> out = new ArrayList<>(keys.size() + 1);
        if (first != null) {
            out.add(first);
        }
        List<KeyValue> attrs = span.getAttributesList();
        for (String key : keys) {
            for (int i = 0, n = attrs.size(); i < n; i++) {
                KeyValue kv = attrs.get(i);
                if (kv.getKey().equals(key)) {
                    out.add(kv);
                    break;
                }
            }
        }
        return out;
    }
}
