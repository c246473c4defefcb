package io.sockscope.receiver.protocol.http1;

import io.sockscope.receiver.protocol.MessageExtent;

/** A request on its way: where it is on the wire and what its head said, until its exchange is emitted. */
final class Http1Request {
    final MessageExtent extent = new MessageExtent();
    String method;
    String target;
    String version;
    String host;
    String userAgent;
    String traceparent;
    String tracestate;
    long headBytes;
    /** In the queue of requests awaiting a response. */
    boolean queued;
    /** Its exchange went out (complete, timed out, closed): whatever else arrives for it is dropped. */
    boolean emitted;

    void describe(Http1Head head, long headBytes) {
        method = head.method;
        target = head.target;
        version = head.version;
        host = head.host;
        userAgent = head.userAgent;
        traceparent = head.traceparent;
        tracestate = head.tracestate;
        this.headBytes = headBytes;
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    boolean isConnect() {
        return "CONNECT".equals(method);
    }

    long bodyBytes() {
        return Math.max(0, extent.bytes() - headBytes);
    }
}
