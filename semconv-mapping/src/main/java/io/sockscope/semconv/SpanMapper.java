package io.sockscope.semconv;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.sockscope.bpf.Role;
import io.sockscope.receiver.Endpoint;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.HttpDetails;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.ProtocolDetails;
import io.sockscope.semconv.http.HttpSpans;
import io.sockscope.semconv.http.PathTemplater;
import io.sockscope.semconv.http.QueryRedactor;
import io.sockscope.semconv.network.IpText;
import io.sockscope.semconv.network.Transports;
import io.sockscope.semconv.opaque.OpaqueSpans;
import io.sockscope.semconv.otlp.AttributeCache;
import io.sockscope.semconv.otlp.KeyValues;
import io.sockscope.semconv.otlp.SpanAttributes;
import io.sockscope.semconv.tracecontext.SpanIds;
import io.sockscope.semconv.tracecontext.TraceParent;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Maps one {@link Exchange} to one OTLP {@link Span}, following the semantic conventions 1.45.
 *
 * <h2>Kind</h2>
 * SERVER for {@link Role#SERVER}, CLIENT for {@link Role#CLIENT}. When the role is UNKNOWN (a socket
 * older than the probes, an unconnected UDP socket) the end with the lower port is taken to be the
 * server, since servers listen on low fixed ports and clients get ephemeral ones (32768 and up on
 * Linux): CLIENT when both ports are known and the remote one is lower, SERVER otherwise, which also
 * matches {@link Exchange#server()}. Never INTERNAL: every exchange crossed a socket.
 *
 * <h2>Name</h2>
 * HTTP: the method ({@code GET}), or {@code HTTP} for a method outside the known list; with
 * {@linkplain Builder#pathTemplating(boolean) path templating} on, {@code GET /users/{id}}. Other
 * protocols: the server's {@code host:port}. Always low-cardinality.
 *
 * <h2>Trace context</h2>
 * When an HTTP request carried a valid W3C {@code traceparent} (version 00), the span joins that trace:
 * same trace id, the header's span id as parent, {@code tracestate} kept. For a SERVER span that parent
 * is the remote caller's span. For a CLIENT span the header was written by the traced process itself,
 * so the parent is the application's own client span, and ours (the same call seen from the socket)
 * becomes its child, in-process. Otherwise the span starts a new trace with random ids. {@code flags}
 * carries the sampled bit (the span is recorded and exported) and whether the parent is remote.
 *
 * <h2>Errors</h2>
 * An exchange that did not complete is an error whatever the protocol: {@code error.type} is
 * {@value #ERROR_TIMEOUT} ({@link Outcome#TIMEOUT}: no response in time) or
 * {@value #ERROR_CONNECTION_CLOSED} ({@link Outcome#CONNECTION_CLOSED}: the connection closed before
 * the response was complete), with status ERROR and a description. {@link Outcome#ONE_WAY} (a lone
 * message, no reply expected) is not an error. A completed HTTP exchange follows the HTTP rules: status
 * 5xx (and 4xx on CLIENT spans, and codes outside 100-599) sets ERROR with {@code error.type} = the code.
 *
 * <h2>Common attributes</h2>
 * {@code network.peer.address}/{@code network.peer.port} (the remote end),
 * {@code network.transport} ({@code tcp}/{@code udp}), and with
 * {@linkplain Builder#networkLocalAttributes(boolean) the opt-in} {@code network.local.address}/
 * {@code port}. Start is the first request byte, end the last response byte (else the last request byte).
 *
 * <p>Immutable and thread-safe; allocation per span is the span itself plus its dynamic attributes.
 */
public final class SpanMapper {
    /** {@code error.type} of an exchange with no response within the receiver's timeout. */
    public static final String ERROR_TIMEOUT = "timeout";
    /** {@code error.type} of an exchange whose connection closed before the response was complete. */
    public static final String ERROR_CONNECTION_CLOSED = "connection_closed";

    private static final String PEER_ADDRESS = NetworkAttributes.NETWORK_PEER_ADDRESS.getKey();
    private static final String PEER_PORT = NetworkAttributes.NETWORK_PEER_PORT.getKey();
    private static final String LOCAL_ADDRESS = NetworkAttributes.NETWORK_LOCAL_ADDRESS.getKey();
    private static final String LOCAL_PORT = NetworkAttributes.NETWORK_LOCAL_PORT.getKey();
    private static final String TRANSPORT = NetworkAttributes.NETWORK_TRANSPORT.getKey();
    private static final String ERROR_TYPE = ErrorAttributes.ERROR_TYPE.getKey();

    private static final KeyValue TRANSPORT_TCP = KeyValues.of(TRANSPORT, "tcp");
    private static final KeyValue TRANSPORT_UDP = KeyValues.of(TRANSPORT, "udp");
    private static final KeyValue ERROR_TYPE_TIMEOUT = KeyValues.of(ERROR_TYPE, ERROR_TIMEOUT);
    private static final KeyValue ERROR_TYPE_CLOSED = KeyValues.of(ERROR_TYPE, ERROR_CONNECTION_CLOSED);
    private static final Status STATUS_TIMEOUT = Status.newBuilder()
            .setCode(Status.StatusCode.STATUS_CODE_ERROR)
            .setMessage("no response within the timeout")
            .build();
    private static final Status STATUS_CLOSED = Status.newBuilder()
            .setCode(Status.StatusCode.STATUS_CODE_ERROR)
            .setMessage("connection closed before the response was complete")
            .build();

    private static final int SAMPLED = 0x01;
    private static final int HAS_IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE;
    private static final int IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE;

    /** Each mapping thread's attributes of the span in hand. */
    private static final ThreadLocal<SpanAttributes> SCRATCH = ThreadLocal.withInitial(SpanAttributes::new);

    private final AttributeCache shared = new AttributeCache();
    private final HttpSpans http;
    private final boolean networkLocal;

    private SpanMapper(Builder b) {
        this.http = new HttpSpans(b.knownHttpMethods, b.queryRedactor, b.pathTemplating, shared);
        this.networkLocal = b.networkLocal;
    }

    /** The defaults: no path templating, default query redaction, the default known HTTP methods. */
    public static SpanMapper create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The span of one exchange. Never throws on odd field values (null endpoints, garbage headers). */
    public Span map(Exchange exchange) {
        Span.Builder span = Span.newBuilder();
        SpanAttributes attributes = SCRATCH.get();
        attributes.clear(); // a mapping that threw (the batcher counts and skips it) left its attributes
        boolean client = isClientSide(exchange);
        Endpoint server = client ? exchange.remote() : exchange.local();
        span.setKind(client ? Span.SpanKind.SPAN_KIND_CLIENT : Span.SpanKind.SPAN_KIND_SERVER);

        ProtocolDetails details = exchange.details();
        HttpDetails httpDetails = details instanceof HttpDetails h ? h : null;
        setIds(span, httpDetails, client);

        long start = exchange.startNanos();
        long end = exchange.endNanos();
        span.setStartTimeUnixNano(start);
        span.setEndTimeUnixNano(Math.max(start, end));

        Outcome outcome = exchange.outcome();
        boolean failed = outcome == Outcome.TIMEOUT || outcome == Outcome.CONNECTION_CLOSED;
        if (httpDetails != null) {
            http.apply(httpDetails, client, server, exchange.remote(), failed, span, attributes);
        } else {
            OpaqueSpans.apply(exchange, server, span, attributes, shared);
        }

        addNetwork(attributes, exchange);
        if (outcome == Outcome.TIMEOUT) {
            attributes.add(ERROR_TYPE_TIMEOUT);
            span.setStatus(STATUS_TIMEOUT);
        } else if (outcome == Outcome.CONNECTION_CLOSED) {
            attributes.add(ERROR_TYPE_CLOSED);
            span.setStatus(STATUS_CLOSED);
        }
        span.addAllAttributes(attributes);
        attributes.clear();
        return span.build();
    }

    /** CLIENT or SERVER by role; for an unknown role, the end with the lower port serves. */
    static boolean isClientSide(Exchange e) {
        Role role = e.role();
        if (role == Role.CLIENT) {
            return true;
        }
        if (role == Role.SERVER) {
            return false;
        }
        Endpoint local = e.local();
        Endpoint remote = e.remote();
        return local != null && remote != null
                && local.port() > 0 && remote.port() > 0 && remote.port() < local.port();
    }

    private static void setIds(Span.Builder span, HttpDetails http, boolean client) {
        TraceParent parent = http == null ? null : TraceParent.parse(http.traceparent());
        span.setSpanId(SpanIds.randomSpanId());
        if (parent == null) {
            span.setTraceId(SpanIds.randomTraceId());
            span.setFlags(SAMPLED | HAS_IS_REMOTE);
            return;
        }
        span.setTraceId(SpanIds.traceId(parent.traceIdHigh(), parent.traceIdLow()));
        span.setParentSpanId(SpanIds.spanId(parent.spanId()));
        span.setFlags(SAMPLED | HAS_IS_REMOTE | (client ? 0 : IS_REMOTE));
        String state = http.tracestate();
        if (state != null && !state.isEmpty()) {
            span.setTraceState(state);
        }
    }

    private void addNetwork(SpanAttributes attributes, Exchange e) {
        Endpoint remote = e.remote();
        String peer = remote == null ? null : IpText.format(remote.address());
        if (peer != null) {
            attributes.add(shared.of(PEER_ADDRESS, peer));
            if (remote.port() > 0) {
                attributes.add(shared.of(PEER_PORT, remote.port()));
            }
        }
        switch (e.transport()) {
            case Transports.TCP -> attributes.add(TRANSPORT_TCP);
            case Transports.UDP -> attributes.add(TRANSPORT_UDP);
            default -> {
                // No semconv name for it: leave network.transport out rather than invent one.
            }
        }
        if (networkLocal) {
            Endpoint local = e.local();
            String address = local == null ? null : IpText.format(local.address());
            if (address != null) {
                attributes.add(shared.of(LOCAL_ADDRESS, address));
                if (local.port() > 0) {
                    attributes.add(shared.of(LOCAL_PORT, local.port()));
                }
            }
        }
    }

    /** Options of a {@link SpanMapper}. Not thread-safe; the mapper it builds is. */
    public static final class Builder {
        private boolean pathTemplating;
        private QueryRedactor queryRedactor = QueryRedactor.defaults();
        private List<String> knownHttpMethods = HttpSpans.DEFAULT_KNOWN_METHODS;
        private boolean networkLocal;

        private Builder() {
        }

        /**
         * Names HTTP spans {@code GET /users/{id}} from the path with identifiers replaced by
         * {@link PathTemplater}. Off by default: the conventions say the name must not default to the
         * path. Only the name changes; {@code http.route} stays unset since it is not known.
         */
        public Builder pathTemplating(boolean enabled) {
            this.pathTemplating = enabled;
            return this;
        }

        /** Query redaction for {@code url.query} and {@code url.full}; {@link QueryRedactor#defaults()} by default. */
        public Builder queryRedactor(QueryRedactor redactor) {
            this.queryRedactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /**
         * Case-sensitive HTTP methods reported as themselves; others become {@code _OTHER}. Replaces
         * {@link HttpSpans#DEFAULT_KNOWN_METHODS} entirely, as {@code OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS} does.
         */
        public Builder knownHttpMethods(Collection<String> methods) {
            this.knownHttpMethods = List.copyOf(methods);
            return this;
        }

        /** Adds the opt-in {@code network.local.address} and {@code network.local.port}. Off by default. */
        public Builder networkLocalAttributes(boolean enabled) {
            this.networkLocal = enabled;
            return this;
        }

        public SpanMapper build() {
            return new SpanMapper(this);
        }
    }
}
