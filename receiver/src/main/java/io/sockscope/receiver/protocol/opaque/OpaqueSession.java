package io.sockscope.receiver.protocol.opaque;

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

/**
 * Protocol-independent pairing (Liu et al., ICPADS 2020): a run of bytes from the client is a
 * request, the run of bytes back that follows is its response. The client speaking again after the
 * response started, a close, or silence ends the exchange. Request start is the first byte of the
 * request run, its end the last; the response likewise.
 *
 * <p>Outcomes: a request run with no reply when the connection closes is
 * {@link Outcome#CONNECTION_CLOSED}; one with no reply within the request timeout is
 * {@link Outcome#TIMEOUT} on a stream socket and {@link Outcome#ONE_WAY} on a datagram socket, because
 * much UDP traffic (statsd, syslog, metrics) never expects an answer and must not look like errors.
 * A response run is over after the quiet time ({@link Wait#QUIET}), since nothing frames it.
 *
 * <p>Datagrams pair per socket, not per peer: an unconnected UDP server answering several peers at
 * once merges their datagrams into one run. Reader thread only.
 */
public final class OpaqueSession implements ProtocolSession {
    private enum Phase {
        /** Between exchanges. */
        IDLE,
        /** A request run is open. */
        REQUEST,
        /** The response run of the open request is arriving. */
        RESPONSE,
        /** Response bytes with no request before them (missed start, server greeting). */
        ORPHAN
    }

    private final ExchangeSink sink;
    private final boolean datagrams;
    private final MessageExtent request = new MessageExtent();
    private final MessageExtent response = new MessageExtent();
    private Phase phase = Phase.IDLE;

    /**
     * @param datagrams true for UDP: unanswered requests are {@link Outcome#ONE_WAY}
     * @param pending   traffic a parser accounted before giving the connection up; it opens the first run
     */
    public OpaqueSession(ExchangeSink sink, boolean datagrams, PendingTraffic pending) {
        this.sink = sink;
        this.datagrams = datagrams;
        if (pending.request() != null && pending.request().bytes() > 0) {
            request.absorb(pending.request());
            phase = Phase.REQUEST;
            if (pending.response() != null && pending.response().bytes() > 0) {
                response.absorb(pending.response());
                phase = Phase.RESPONSE;
            }
        }
    }

    @Override
    public int onData(Side side, Segment segment) {
        take(side, segment, segment.bytes());
        return CONTINUE;
    }

    /** Counts {@code bytes} of {@code segment} (fewer than it holds when a parser used the first ones). */
    public void take(Side side, Segment segment, long bytes) {
        if (bytes <= 0) {
            return;
        }
        if (side == Side.REQUEST) {
            if (phase == Phase.RESPONSE) {
                emit(Outcome.COMPLETE);
            }
            if (phase != Phase.REQUEST) {
                request.begin(segment);
                phase = Phase.REQUEST;
            }
            request.extend(segment, bytes);
            return;
        }
        switch (phase) {
            case IDLE -> {
                sink.orphanResponse();
                phase = Phase.ORPHAN;
            }
            case REQUEST -> {
                response.begin(segment).extend(segment, bytes);
                phase = Phase.RESPONSE;
            }
            case RESPONSE -> response.extend(segment, bytes);
            case ORPHAN -> {
            }
        }
    }

    /** True when bytes on {@code side} would open a new request run: where a protocol may be recognised. */
    public boolean isTurn(Side side) {
        return side == Side.REQUEST && phase != Phase.REQUEST;
    }

    /** Emits the exchange whose response is running, before the connection moves to a parser. */
    public void finishResponse() {
        if (phase == Phase.RESPONSE) {
            emit(Outcome.COMPLETE);
        }
    }

    @Override
    public void onEndOfStream(Side side) {
        if (side == Side.RESPONSE && phase == Phase.RESPONSE) {
            emit(Outcome.COMPLETE);
        }
    }

    @Override
    public void onClose() {
        switch (phase) {
            case REQUEST -> emit(datagrams ? Outcome.ONE_WAY : Outcome.CONNECTION_CLOSED);
            case RESPONSE -> emit(Outcome.COMPLETE);
            case IDLE, ORPHAN -> phase = Phase.IDLE;
        }
    }

    @Override
    public void onWaitExpired(Wait wait) {
        if (phase == Phase.REQUEST && wait == Wait.RESPONSE) {
            emit(datagrams ? Outcome.ONE_WAY : Outcome.TIMEOUT);
        } else if (phase == Phase.RESPONSE && wait == Wait.QUIET) {
            emit(Outcome.COMPLETE);
        }
    }

    @Override
    public Wait waiting() {
        return switch (phase) {
            case REQUEST -> Wait.RESPONSE;
            case RESPONSE -> Wait.QUIET;
            case IDLE, ORPHAN -> Wait.NOTHING;
        };
    }

    @Override
    public PendingTraffic pending() {
        return PendingTraffic.NONE;
    }

    private void emit(Outcome outcome) {
        boolean answered = phase == Phase.RESPONSE;
        phase = Phase.IDLE;
        sink.exchange(Protocol.UNKNOWN, request, answered ? response : null, outcome, ProtocolDetails.OPAQUE);
    }
}
