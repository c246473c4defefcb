package io.sockscope.pipeline.connector.servicegraph;

import com.google.protobuf.ByteString;

import java.util.List;
import java.util.Map;

/**
 * One side of a request between two services: what a CLIENT (or PRODUCER) span or a SERVER (or
 * CONSUMER) span says about it, and the keys under which its other half may be found.
 *
 * @param dimensions configured dimensions, already prefixed: {@code client_http.request.method}
 * @param keys       where the other half may be found, best first: {@link IdKey}, {@link TupleKey}, {@link PortKey}
 */
record HalfEdge(Side side, String service, long startNanos, long endNanos, boolean failed, boolean messaging,
                Map<String, String> dimensions, List<Object> keys) {

    enum Side { CLIENT, SERVER }

    double seconds() {
        return Math.max(0, endNanos - startNanos) / 1e9;
    }

    boolean hasTuple() {
        return keys.stream().anyMatch(k -> k instanceof TupleKey);
    }

    /**
     * The Collector's pairing: the client's span id is the server's parent span id, in one trace
     * (SDK spans, and kernel spans of requests that carried a traceparent).
     */
    record IdKey(ByteString traceId, ByteString spanId) {
    }

    /**
     * One connection seen from both ends (kernel spans with {@code network.local.*}): the client's local
     * end is the server's peer and the other way round. Pairs spans whose times overlap.
     */
    record TupleKey(String clientAddress, long clientPort, String serverAddress, long serverPort) {
    }

    /**
     * The fallback for kernel spans without {@code network.local.*}: the port the client connected to
     * is the server's port, and the client's span contains the server's in time.
     */
    record PortKey(long serverPort) {
    }
}
