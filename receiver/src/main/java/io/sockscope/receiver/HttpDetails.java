package io.sockscope.receiver;

/**
 * An HTTP/1.x request and its response. Strings are null when absent; {@code statusCode} is 0 when
 * no response was seen. {@code target} is the request-target as sent (path and query).
 */
public record HttpDetails(
        String method,
        String target,
        String version,
        String host,
        String userAgent,
        int statusCode,
        long requestBodyBytes,
        long responseBodyBytes,
        String traceparent,
        String tracestate) implements ProtocolDetails {

    /** The path of {@link #target} without the query; "/" when the target is empty. */
    public String path() {
        if (target == null || target.isEmpty()) {
            return "/";
        }
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query without '?', or null. */
    public String query() {
        if (target == null) {
            return null;
        }
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }
}
