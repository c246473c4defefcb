package io.sockscope.semconv.opaque;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.semconv.ServerAttributes;
import io.sockscope.receiver.Endpoint;
import io.sockscope.receiver.Exchange;
import io.sockscope.semconv.network.IpText;
import io.sockscope.semconv.otlp.AttributeCache;
import io.sockscope.semconv.otlp.KeyValues;
import io.sockscope.semconv.otlp.SpanAttributes;

import java.net.Inet6Address;

/**
 * The protocol-specific part of a span for an exchange no parser understood ({@code UNKNOWN}
 * protocol): named for the server's {@code host:port} ({@code 127.0.0.1:6379}, {@code [::1]:6379}),
 * which stays low-cardinality because servers are few, with {@code server.address},
 * {@code server.port} and the byte counts. Semantic conventions have no generic byte-count keys, so
 * these are namespaced: {@value #REQUEST_BYTES} and {@value #RESPONSE_BYTES}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OpaqueSpans {
    /** Bytes of the request (all messages one way), as the probes counted them. */
    public static final String REQUEST_BYTES = "sockscope.request.bytes";
    /** Bytes of the response (all messages the other way); 0 when none was seen. */
    public static final String RESPONSE_BYTES = "sockscope.response.bytes";

    private static final String SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS.getKey();
    private static final String SERVER_PORT = ServerAttributes.SERVER_PORT.getKey();

    private OpaqueSpans() {
    }

    /** Sets the name, and adds server.* (shared through {@code shared}) and the byte counts to {@code attributes}. */
    public static void apply(Exchange exchange, Endpoint server, Span.Builder span, SpanAttributes attributes,
                             AttributeCache shared) {
        if (server == null) {
            span.setName("unknown");
        } else {
            String address = IpText.format(server.address());
            if (address != null) {
                span.setName(server.address() instanceof Inet6Address
                        ? "[" + address + "]:" + server.port()
                        : address + ":" + server.port());
                attributes.add(shared.of(SERVER_ADDRESS, address));
            } else {
                span.setName("?:" + server.port());
            }
            if (server.port() > 0) {
                attributes.add(shared.of(SERVER_PORT, server.port()));
            }
        }
        attributes.add(KeyValues.of(REQUEST_BYTES, exchange.requestBytes()));
        attributes.add(KeyValues.of(RESPONSE_BYTES, exchange.responseBytes()));
    }
}
