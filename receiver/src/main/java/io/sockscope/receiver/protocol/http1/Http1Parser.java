package io.sockscope.receiver.protocol.http1;

import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.protocol.Detection;
import io.sockscope.receiver.protocol.ExchangeSink;
import io.sockscope.receiver.protocol.ProtocolParser;
import io.sockscope.receiver.protocol.ProtocolSession;
import io.sockscope.receiver.protocol.Segment;

/**
 * HTTP/1.0 and HTTP/1.1 (RFC 9112): method, target, version, Host, User-Agent, status, trace context
 * headers; bodies framed by Content-Length, chunked coding or the close, skipped by count (gaps
 * included) so keep-alive and pipelined connections pair exactly.
 */
public final class Http1Parser implements ProtocolParser {
    @Override
    public Protocol protocol() {
        return Protocol.HTTP1;
    }

    @Override
    public Detection detect(Segment segment) {
        if (StartLine.responseStart(segment)) {
            return Detection.RESPONSE;
        }
        if (StartLine.requestStart(segment)) {
            return Detection.REQUEST;
        }
        return StartLine.shortPrefix(segment) ? Detection.MAYBE : Detection.NONE;
    }

    @Override
    public ProtocolSession newSession(ExchangeSink sink) {
        return new Http1Session(sink);
    }
}
