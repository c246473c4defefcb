package io.sockscope.semconv.http;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import io.sockscope.receiver.Endpoint;
import io.sockscope.receiver.HttpDetails;
import io.sockscope.semconv.network.IpText;
import io.sockscope.semconv.otlp.AttributeCache;
import io.sockscope.semconv.otlp.KeyValues;
import io.sockscope.semconv.otlp.SpanAttributes;

import java.net.Inet6Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP part of a span, per the semantic conventions 1.45 HTTP span rules: name, HTTP, URL, server
 * and client attributes, and the status-code error rules. The network attributes, ids, times and the
 * errors of the exchange's outcome belong to {@code SpanMapper}.
 *
 * <p>Server spans get {@code http.request.method}, {@code url.path}, {@code url.query} (redacted),
 * {@code url.scheme}, {@code http.response.status_code}, {@code server.address}/{@code server.port},
 * {@code client.address}, {@code network.protocol.version} and {@code user_agent.original}. Client
 * spans get {@code http.request.method}, {@code url.full} (redacted), {@code server.address},
 * {@code server.port}, {@code http.response.status_code} and {@code network.protocol.version};
 * {@code url.scheme} and {@code user_agent.original} are opt-in on client spans and left out.
 * {@code http.route} is never set: only the server framework knows its routes.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpSpans {
    /** The methods of RFC 9110 and PATCH (RFC 5789): the semantic conventions' default known methods. */
    public static final List<String> DEFAULT_KNOWN_METHODS =
            List.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");
    /** {@code http.request.method} of a method not in the known list. */
    public static final String OTHER_METHOD = "_OTHER";
    /** The span name's method part when the method is {@code _OTHER}. */
    static final String OTHER_METHOD_NAME = "HTTP";

    private static final String METHOD = HttpAttributes.HTTP_REQUEST_METHOD.getKey();
    private static final String METHOD_ORIGINAL = HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL.getKey();
    private static final String STATUS_CODE = HttpAttributes.HTTP_RESPONSE_STATUS_CODE.getKey();
    private static final String URL_PATH = UrlAttributes.URL_PATH.getKey();
    private static final String URL_QUERY = UrlAttributes.URL_QUERY.getKey();
    private static final String URL_SCHEME = UrlAttributes.URL_SCHEME.getKey();
    private static final String URL_FULL = UrlAttributes.URL_FULL.getKey();
    private static final String SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS.getKey();
    private static final String SERVER_PORT = ServerAttributes.SERVER_PORT.getKey();
    private static final String CLIENT_ADDRESS = ClientAttributes.CLIENT_ADDRESS.getKey();
    private static final String PROTOCOL_VERSION = NetworkAttributes.NETWORK_PROTOCOL_VERSION.getKey();
    private static final String USER_AGENT = UserAgentAttributes.USER_AGENT_ORIGINAL.getKey();
    private static final String ERROR_TYPE = ErrorAttributes.ERROR_TYPE.getKey();

    private static final KeyValue OTHER_METHOD_KV = KeyValues.of(METHOD, OTHER_METHOD);
    private static final KeyValue SCHEME_HTTP = KeyValues.of(URL_SCHEME, "http");
    private static final KeyValue SCHEME_HTTPS = KeyValues.of(URL_SCHEME, "https");
    private static final KeyValue VERSION_0_9 = KeyValues.of(PROTOCOL_VERSION, "0.9");
    private static final KeyValue VERSION_1_0 = KeyValues.of(PROTOCOL_VERSION, "1.0");
    private static final KeyValue VERSION_1_1 = KeyValues.of(PROTOCOL_VERSION, "1.1");
    private static final KeyValue VERSION_2 = KeyValues.of(PROTOCOL_VERSION, "2");
    private static final KeyValue VERSION_3 = KeyValues.of(PROTOCOL_VERSION, "3");
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;
    private static final KeyValue[] STATUS_KVS = new KeyValue[MAX_STATUS + 1];
    private static final KeyValue[] STATUS_ERROR_KVS = new KeyValue[MAX_STATUS + 1];
    /** Status-code errors carry no description: the code says it all (HTTP span status rules). */
    private static final Status ERROR = Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).build();

    static {
        for (int code = MIN_STATUS; code <= MAX_STATUS; code++) {
            STATUS_KVS[code] = KeyValues.of(STATUS_CODE, code);
            STATUS_ERROR_KVS[code] = KeyValues.of(ERROR_TYPE, Integer.toString(code));
        }
    }

    private static final ByteString OTHER_METHOD_NAME_BYTES = ByteString.copyFromUtf8(OTHER_METHOD_NAME);

    /**
     * A known method: its attribute and its name, shared so that spans do not retain the parser's
     * string, and as UTF-8 bytes, which protobuf writes without encoding them per span.
     */
    private record KnownMethod(KeyValue attribute, String name, ByteString nameBytes) {
    }

    private final Map<String, KnownMethod> knownMethods;
    private final QueryRedactor redactor;
    private final boolean pathTemplating;
    private final AttributeCache shared;

    /**
     * @param knownMethods   case-sensitive, a full replacement of {@link #DEFAULT_KNOWN_METHODS}
     *                       (what {@code OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS} configures)
     * @param redactor       applied to {@code url.query} and the query in {@code url.full}
     * @param pathTemplating name spans {@code GET /users/{id}} with {@link PathTemplater}
     * @param shared         where repeating attribute values are shared
     */
    public HttpSpans(Collection<String> knownMethods, QueryRedactor redactor, boolean pathTemplating, AttributeCache shared) {
        Map<String, KnownMethod> m = new HashMap<>();
        for (String method : knownMethods) {
            m.put(method, new KnownMethod(KeyValues.of(METHOD, method), method, ByteString.copyFromUtf8(method)));
        }
        this.knownMethods = Map.copyOf(m);
        this.redactor = redactor;
        this.shared = shared;
        this.pathTemplating = pathTemplating;
    }

    /**
     * Sets the name and the HTTP attributes, and the error status for status codes when the exchange
     * itself completed ({@code outcomeFailed} false; a failed outcome is recorded by the caller).
     *
     * @param client     whether this is the CLIENT span (else SERVER)
     * @param server     the server's end of the connection
     * @param peer       the other end (the client's, for a server span)
     * @param span       gets the name and the error status
     * @param attributes gets the span's HTTP attributes
     */
    public void apply(HttpDetails http, boolean client, Endpoint server, Endpoint peer,
                      boolean outcomeFailed, Span.Builder span, SpanAttributes attributes) {
        String method = http.method();
        KnownMethod known = method == null ? null : knownMethods.get(method);
        String nameMethod;
        ByteString nameMethodBytes;
        if (known != null) {
            attributes.add(known.attribute());
            nameMethod = known.name();
            nameMethodBytes = known.nameBytes();
        } else {
            attributes.add(OTHER_METHOD_KV);
            if (method != null && !method.isEmpty()) {
                attributes.add(KeyValues.of(METHOD_ORIGINAL, method));
            }
            nameMethod = OTHER_METHOD_NAME;
            nameMethodBytes = OTHER_METHOD_NAME_BYTES;
        }

        RequestTarget target = RequestTarget.parse(http.target(), method);
        String scheme = target != null && target.scheme() != null ? target.scheme() : "http";
        String query = target == null ? null : redactor.redact(target.query());

        // server.* name the origin the client meant: the absolute-form target's authority, else the
        // Host header; a missing port is the scheme's default (RFC 9110 7.2). Only without either
        // do they fall back to the socket's end, which network.peer.* report anyway.
        Authority origin = Authority.parse(target != null && target.authority() != null
                ? target.authority() : http.host());
        String serverAddress;
        int serverPort;
        if (origin != null) {
            serverAddress = origin.host();
            serverPort = origin.port() > 0 ? origin.port() : "https".equals(scheme) ? 443 : 80;
        } else {
            serverAddress = server == null ? null : IpText.format(server.address());
            serverPort = server == null ? 0 : server.port();
        }

        if (client) {
            String full = urlFull(scheme, target, origin != null ? http.host() : null, server, query);
            if (full != null) {
                attributes.add(shared.of(URL_FULL, full));
            }
            addServer(attributes, serverAddress, serverPort);
        } else {
            if (target != null && target.path() != null) {
                attributes.add(shared.of(URL_PATH, target.path()));
            }
            if (query != null) {
                attributes.add(shared.of(URL_QUERY, query));
            }
            attributes.add("https".equals(scheme) ? SCHEME_HTTPS : SCHEME_HTTP);
            addServer(attributes, serverAddress, serverPort);
            String clientAddress = peer == null ? null : IpText.format(peer.address());
            if (clientAddress != null) {
                attributes.add(shared.of(CLIENT_ADDRESS, clientAddress));
            }
            if (http.userAgent() != null) {
                attributes.add(shared.of(USER_AGENT, http.userAgent()));
            }
        }

        int status = http.statusCode();
        if (status > 0) {
            attributes.add(status <= MAX_STATUS && status >= MIN_STATUS
                    ? STATUS_KVS[status] : KeyValues.of(STATUS_CODE, status));
            if (!outcomeFailed && isError(status, client)) {
                attributes.add(status <= MAX_STATUS && status >= MIN_STATUS
                        ? STATUS_ERROR_KVS[status] : KeyValues.of(ERROR_TYPE, Integer.toString(status)));
                span.setStatus(ERROR);
            }
        }

        KeyValue version = protocolVersion(http.version());
        if (version != null) {
            attributes.add(version);
        }

        if (pathTemplating && target != null && target.path() != null) {
            span.setName(nameMethod + ' ' + PathTemplater.template(target.path()));
        } else {
            span.setNameBytes(nameMethodBytes);
        }
    }

    /**
     * 5xx is an error on both sides, 4xx only for clients (a server that answers 404 did its job);
     * codes outside 100-599 are errors too: nobody can interpret them.
     */
    static boolean isError(int status, boolean client) {
        return status < MIN_STATUS || status > MAX_STATUS || status >= (client ? 400 : 500);
    }

    private void addServer(SpanAttributes attributes, String address, int port) {
        if (address != null) {
            attributes.add(shared.of(SERVER_ADDRESS, address));
            if (port > 0) {
                attributes.add(shared.of(SERVER_PORT, port));
            }
        }
    }

    /**
     * scheme://authority/path?query with user info and sensitive query values redacted. The authority
     * is the absolute-form target's, else the Host header as sent (null when it named no host), else
     * the server socket's address, with the port unless it is 80.
     */
    private static String urlFull(String scheme, RequestTarget target, String host, Endpoint server, String query) {
        String authority;
        if (target != null && target.authority() != null) {
            authority = target.userInfo() ? "REDACTED:REDACTED@" + target.authority() : target.authority();
        } else if (host != null && !host.isBlank()) {
            authority = host.strip();
        } else if (server != null && server.address() != null) {
            String ip = IpText.format(server.address());
            if (server.address() instanceof Inet6Address) {
                ip = '[' + ip + ']';
            }
            authority = server.port() == 80 || server.port() <= 0 ? ip : ip + ':' + server.port();
        } else {
            return null;
        }
        StringBuilder sb = new StringBuilder(scheme.length() + 3 + authority.length() + 64);
        sb.append(scheme).append("://").append(authority);
        if (target != null && target.path() != null && !"*".equals(target.path())) {
            sb.append(target.path());
        }
        if (query != null) {
            sb.append('?').append(query);
        }
        return sb.toString();
    }

    /** The version as the conventions spell it ({@code 1.1}, {@code 2}); null when not a known one. */
    private static KeyValue protocolVersion(String version) {
        if (version == null) {
            return null;
        }
        return switch (version) {
            case "HTTP/1.1", "1.1" -> VERSION_1_1;
            case "HTTP/1.0", "1.0" -> VERSION_1_0;
            case "HTTP/2", "HTTP/2.0", "2", "2.0" -> VERSION_2;
            case "HTTP/3", "3" -> VERSION_3;
            case "HTTP/0.9", "0.9" -> VERSION_0_9;
            default -> null;
        };
    }
}
