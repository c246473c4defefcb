package io.sockscope.receiver.protocol.http1;

import io.sockscope.receiver.HttpDetails;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ProtocolDetails;
import io.sockscope.receiver.protocol.ExchangeSink;
import io.sockscope.receiver.protocol.MessageExtent;
import io.sockscope.receiver.protocol.PendingTraffic;
import io.sockscope.receiver.protocol.ProtocolSession;
import io.sockscope.receiver.protocol.Segment;
import io.sockscope.receiver.protocol.Side;
import io.sockscope.receiver.protocol.Wait;

import java.util.ArrayDeque;

/**
 * One HTTP/1.x connection: a request stream, a response stream, and the queue that pairs them in
 * order (FIFO), which is what keep-alive and pipelining need. An exchange is emitted when the last
 * byte of its response arrives, so none waits for the next request.
 *
 * <p>Every request is emitted exactly once: answered, timed out, or closed. A response that arrives
 * for a request already emitted (late after a timeout, or pushed out of a full queue) is dropped and
 * counted, and {@code skipResponses} keeps the ones after it paired with the right requests.
 */
final class Http1Session implements ProtocolSession {
    /** Pipelined requests kept waiting; older ones are flushed as timed out beyond this. */
    static final int MAX_QUEUED = 64;

    private final ExchangeSink sink;
    private final RequestStream requests = new RequestStream(this);
    private final ResponseStream responses = new ResponseStream(this);
    private final ArrayDeque<Http1Request> queue = new ArrayDeque<>(4);
    /** Responses still owed to requests that were flushed before any response byte came. */
    private int skipResponses;

    Http1Session(ExchangeSink sink) {
        this.sink = sink;
    }

    @Override
    public int onData(Side side, Segment segment) {
        if (segment.bytes() <= 0) {
            return CONTINUE;
        }
        if (side == Side.REQUEST) {
            responses.peerSpoke();
            return requests.feed(segment);
        }
        requests.peerSpoke();
        return responses.feed(segment);
    }

    @Override
    public void onEndOfStream(Side side) {
        (side == Side.REQUEST ? requests : responses).endOfStream();
    }

    @Override
    public void onClose() {
        responses.endOfStream();
        requests.endOfStream();
        flush(Outcome.CONNECTION_CLOSED);
    }

    @Override
    public void onWaitExpired(Wait wait) {
        if (wait == Wait.QUIET) {
            responses.endLost();
        } else if (wait == Wait.RESPONSE) {
            flush(Outcome.TIMEOUT);
        }
    }

    @Override
    public Wait waiting() {
        if (responses.isLost() && owes(responses.owner())) {
            return Wait.QUIET;
        }
        return queue.isEmpty() && requests.unqueued() == null ? Wait.NOTHING : Wait.RESPONSE;
    }

    @Override
    public PendingTraffic pending() {
        MessageExtent request = new MessageExtent();
        for (Http1Request r : queue) {
            if (!r.emitted) {
                request.absorb(r.extent);
            }
        }
        Http1Request partial = requests.unqueued();
        if (partial != null) {
            request.absorb(partial.extent);
        }
        MessageExtent response = null;
        if (owes(responses.owner())) {
            response = new MessageExtent();
            response.absorb(responses.extent());
        }
        return request.bytes() > 0 ? new PendingTraffic(request, response) : PendingTraffic.NONE;
    }

    /** A request head is known (or lost): it waits for its response from now on. */
    void queue(Http1Request request) {
        if (request.queued) {
            return;
        }
        if (request.emitted) {
            // Flushed before its head was complete: its response will still come and must be skipped.
            request.queued = true;
            skipResponses++;
            return;
        }
        if (queue.size() >= MAX_QUEUED) {
            Http1Request oldest = queue.pollFirst();
            if (responses.owner() != oldest) {
                skipResponses++;
            }
            emit(oldest, null, 0, 0, Outcome.TIMEOUT);
        }
        request.queued = true;
        queue.addLast(request);
    }

    /** The request a response starting now answers; null when none is waiting or its response is owed to a flushed one. */
    Http1Request nextToAnswer() {
        if (skipResponses > 0) {
            skipResponses--;
            return null;
        }
        return queue.peekFirst();
    }

    /** A final response ended (framed, at close, or at a safe point after a gap). */
    void answered(Http1Request request, ResponseStream response) {
        if (!owes(request)) {
            sink.orphanResponse();
            return;
        }
        if (queue.peekFirst() == request) {
            queue.pollFirst();
        } else {
            queue.remove(request);
        }
        emit(request, response.extent(), response.status(), response.bodyBytes(), Outcome.COMPLETE);
    }

    /** Emits every request still waiting, the oldest with whatever of its response arrived. */
    private void flush(Outcome outcome) {
        Http1Request answering = responses.owner();
        Http1Request r;
        while ((r = queue.pollFirst()) != null) {
            if (r.emitted) {
                continue;
            }
            if (r == answering) {
                emit(r, responses.extent(), responses.status(), responses.bodyBytes(), outcome);
            } else {
                if (outcome == Outcome.TIMEOUT) {
                    skipResponses++;
                }
                emit(r, null, 0, 0, outcome);
            }
        }
        Http1Request partial = requests.unqueued();
        if (partial != null) {
            // A head that never completed is not understood HTTP: it goes out as bytes only.
            partial.emitted = true;
            sink.exchange(Protocol.UNKNOWN, partial.extent, null, outcome, ProtocolDetails.OPAQUE);
        }
    }

    private void emit(Http1Request r, MessageExtent response, int status, long responseBody, Outcome outcome) {
        r.emitted = true;
        HttpDetails details = new HttpDetails(r.method, r.target, r.version, r.host, r.userAgent, status,
                r.bodyBytes(), responseBody, r.traceparent, r.tracestate);
        sink.exchange(Protocol.HTTP1, r.extent, response, outcome, details);
    }

    private static boolean owes(Http1Request r) {
        return r != null && !r.emitted;
    }
}
