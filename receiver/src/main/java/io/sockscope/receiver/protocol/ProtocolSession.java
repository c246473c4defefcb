package io.sockscope.receiver.protocol;

/**
 * One connection's state for one protocol: parses both directions as byte streams and pairs
 * requests with responses, handing finished exchanges to its {@link ExchangeSink}.
 *
 * <p>Called from the reader thread only, one connection's events in order. Implementations must
 * tolerate anything: bytes split anywhere, gaps ({@link Segment#gap()}), messages in the wrong
 * direction. Bytes that cannot be the protocol raise {@link ProtocolViolation}; the caller then pairs
 * the rest of the connection by direction, starting from {@link #pending()}.
 */
public interface ProtocolSession {
    /** Returned by {@link #onData} while the connection still speaks the protocol. */
    int CONTINUE = -1;

    /**
     * Bytes of one syscall.
     *
     * @return {@link #CONTINUE}, or the offset in {@code segment} from which the connection stops
     *         speaking this protocol (an upgrade to WebSocket, a CONNECT tunnel): the caller pairs
     *         what follows by direction
     * @throws ProtocolViolation when the bytes cannot be this protocol
     */
    int onData(Side side, Segment segment);

    /** The sender of {@code side} closed its half of the connection (FIN seen, or a read returned 0). */
    void onEndOfStream(Side side);

    /** The connection is gone: emit everything pending. */
    void onClose();

    /** The connection was quiet for the time that {@code wait} allows: flush accordingly. */
    void onWaitExpired(Wait wait);

    /** What this session waits for now; asked after every call. */
    Wait waiting();

    /** Accounted but unemitted traffic, taken over by the fallback pairing; the session is dropped after. */
    PendingTraffic pending();
}
