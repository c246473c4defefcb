package io.sockscope.receiver.protocol.http1;

import io.sockscope.receiver.protocol.MessageExtent;
import io.sockscope.receiver.protocol.ProtocolViolation;
import io.sockscope.receiver.protocol.Segment;

/** The client-to-server direction: requests, queued for their responses as soon as their head is known. */
final class RequestStream extends Http1Stream {
    private final Http1Session session;
    private final Http1Head head = new Http1Head();
    private Http1Request current;

    RequestStream(Http1Session session) {
        this.session = session;
    }

    /** The request whose head is still arriving (not queued yet), or null. */
    Http1Request unqueued() {
        return current != null && !current.queued && !current.emitted && inMessage() ? current : null;
    }

    @Override
    boolean startsMessage(Segment s, int pos) {
        return StartLine.requestPrefix(s, pos);
    }

    @Override
    boolean startsMessageSurely(Segment s) {
        return StartLine.requestLine(s);
    }

    @Override
    MessageExtent beginMessage(Segment s) {
        current = new Http1Request();
        return current.extent.begin(s);
    }

    @Override
    int parseHead(byte[] b, int from, int to) {
        int end = head.parseRequest(b, from, to);
        if (end >= 0 && head.otherCoding) {
            throw new ProtocolViolation("request with a transfer coding other than chunked", 0);
        }
        return end;
    }

    @Override
    long headComplete(int headBytes) {
        current.describe(head, headBytes);
        session.queue(current);
        return head.chunked ? CHUNKED : Math.max(0, head.contentLength);
    }

    @Override
    void headCut(byte[] b, int from, int to) {
        head.parseRequest(b, from, to);
        current.describe(head, to - from);
        session.queue(current);
    }

    @Override
    void messageEnded() {
        current = null;
    }

    @Override
    void lostEnded() {
        current = null;
    }
}
