package io.sockscope.receiver.protocol.http1;

import io.sockscope.receiver.protocol.MessageExtent;
import io.sockscope.receiver.protocol.Segment;

/**
 * The server-to-client direction: each response belongs to the oldest request still waiting (HTTP/1.x
 * answers in order), bound when its first byte arrives. Interim 1xx responses are not the response:
 * the final response that follows belongs to the same request and its timing starts at its own first
 * byte; the interim's bytes count in the exchange's response bytes (all the server sent for this
 * request, as the connection's byte counters see it), not in the body.
 */
final class ResponseStream extends Http1Stream {
    private final Http1Session session;
    private final Http1Head head = new Http1Head();
    private final MessageExtent extent = new MessageExtent();
    private Http1Request owner;
    private boolean afterInterim;
    private boolean interim;
    private int status;
    private long headBytes;
    /** Bytes of the interim responses before the current one, for the same request. */
    private long interimBytes;

    ResponseStream(Http1Session session) {
        this.session = session;
    }

    /** The request the response in progress answers (also between a 1xx and its final response), or null. */
    Http1Request owner() {
        return inMessage() || afterInterim ? owner : null;
    }

    MessageExtent extent() {
        return extent;
    }

    int status() {
        return status;
    }

    long bodyBytes() {
        return Math.max(0, extent.bytes() - interimBytes - headBytes);
    }

    @Override
    boolean startsMessage(Segment s, int pos) {
        return StartLine.responsePrefix(s, pos);
    }

    @Override
    boolean startsMessageSurely(Segment s) {
        return StartLine.statusLine(s);
    }

    @Override
    MessageExtent beginMessage(Segment s) {
        long carried = afterInterim ? extent.bytes() : 0;
        if (!afterInterim) {
            owner = session.nextToAnswer();
        }
        afterInterim = false;
        interim = false;
        status = 0;
        headBytes = 0;
        interimBytes = carried;
        extent.begin(s);
        extent.carry(carried);
        return extent;
    }

    @Override
    int parseHead(byte[] b, int from, int to) {
        return head.parseResponse(b, from, to);
    }

    @Override
    long headComplete(int headBytes) {
        status = head.status;
        this.headBytes = headBytes;
        if (status == 101) {
            return TUNNEL;
        }
        if (status < 200) {
            interim = true;
            return 0;
        }
        if (owner != null && owner.isConnect() && status < 300) {
            return TUNNEL;
        }
        if (owner != null && owner.isHead() || status == 204 || status == 304) {
            return 0;
        }
        if (head.chunked) {
            return CHUNKED;
        }
        if (head.otherCoding || head.contentLength < 0) {
            return UNTIL_CLOSE;
        }
        return head.contentLength;
    }

    @Override
    void headCut(byte[] b, int from, int to) {
        head.parseResponse(b, from, to);
        status = head.status;
        headBytes = to - from;
    }

    @Override
    void messageEnded() {
        if (interim) {
            interim = false;
            afterInterim = true; // the final response answers the same request
            return;
        }
        Http1Request answered = owner;
        owner = null;
        session.answered(answered, this);
    }

    @Override
    void lostEnded() {
        messageEnded();
    }
}
