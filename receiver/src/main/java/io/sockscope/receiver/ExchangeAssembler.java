package io.sockscope.receiver;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.EventLayout;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.KernelEventListener;
import io.sockscope.bpf.Role;
import io.sockscope.receiver.connection.Connection;
import io.sockscope.receiver.connection.ConnectionTable;
import io.sockscope.receiver.connection.ExchangeOutput;
import io.sockscope.receiver.connection.ListeningPorts;
import io.sockscope.receiver.connection.ProcNetListeningPorts;
import io.sockscope.receiver.connection.RoleInference;
import io.sockscope.receiver.connection.WaitList;
import io.sockscope.receiver.process.ProcessResolver;
import io.sockscope.receiver.protocol.ProtocolDetector;
import io.sockscope.receiver.protocol.ProtocolParser;
import io.sockscope.receiver.protocol.Segment;
import io.sockscope.receiver.protocol.Wait;

import java.nio.file.Path;

/**
 * Turns kernel events into {@link Exchange}s: tracks connections by socket cookie, gives each a role
 * and a protocol session, feeds it the bytes of every send and receive, and flushes what timed out.
 *
 * <p><b>Threading:</b> everything runs on the ring buffer's reader thread: {@link #onEvent} and
 * {@link #onPoll} must be called from one thread only, and the {@link ExchangeListener} is called
 * from it. No locks, and the hot path (an event on a known connection) allocates only what the
 * emitted exchange holds. The counter getters may be called from any thread.
 *
 * <p><b>Robustness:</b> no input stops it: a parser that meets bytes that are not its protocol falls
 * back to pairing by direction for that connection ({@link #parseFailures()}), anything else that
 * goes wrong with one event is counted ({@link #eventFailures()}) and the next event is processed.
 *
 * <p><b>Bounds:</b> at most {@link ReceiverSettings#maxConnections()} connections (the least recently
 * active is evicted for a new one), idle ones forgotten after {@link ReceiverSettings#idleTimeout()},
 * per-connection buffers bounded by the parsers.
 */
public final class ExchangeAssembler implements KernelEventListener {
    /** recv(2) flag: the bytes stay in the socket and will be read again, so they must not count now. */
    private static final int MSG_PEEK = 0x2;

    private final ConnectionTable table;
    private final WaitList awaitingResponse;
    private final WaitList awaitingQuiet;
    private final long idleNanos;
    private final ProtocolDetector detector;
    private final RoleInference roles;
    private final ExchangeOutput output;
    private final Segment segment = new Segment();
    private final byte[] address = new byte[16];

    private final ReaderCounter eventsIn = new ReaderCounter();
    private final ReaderCounter eventsIgnored = new ReaderCounter();
    private final ReaderCounter eventFailures = new ReaderCounter();
    private final ReaderCounter connectionsOpened = new ReaderCounter();
    private final ReaderCounter connectionsLive = new ReaderCounter();
    private final ReaderCounter connectionsClosed = new ReaderCounter();
    private final ReaderCounter evictedIdle = new ReaderCounter();
    private final ReaderCounter evictedCapacity = new ReaderCounter();

    /** Reads processes and listening sockets from {@code /proc}. */
    public ExchangeAssembler(ReceiverSettings settings, ExchangeListener listener) {
        this(settings, listener, ProcessResolver.fromProc(),
                new ProcNetListeningPorts(Path.of("/proc"), settings.listenRefresh().toNanos()));
    }

    public ExchangeAssembler(ReceiverSettings settings, ExchangeListener listener, ProcessResolver processes,
                             ListeningPorts listening) {
        this.table = new ConnectionTable(settings.maxConnections());
        this.awaitingResponse = new WaitList(settings.requestTimeout().toNanos());
        this.awaitingQuiet = new WaitList(settings.responseQuietTime().toNanos());
        this.idleNanos = settings.idleTimeout().toNanos();
        this.detector = new ProtocolDetector(ProtocolParser.of(settings.protocols()));
        this.roles = new RoleInference(listening, detector);
        this.output = new ExchangeOutput(listener, processes);
    }

    @Override
    public void onEvent(KernelEvent event) {
        eventsIn.increment();
        try {
            switch (event.kind()) {
                case DATA -> data(event);
                case CONNECT -> open(event, Role.CLIENT);
                case ACCEPT -> open(event, Role.SERVER);
                case CLOSE -> close(event);
                case STATE -> state(event);
                // The CLOSE that follows a reset ends the connection; retransmits do not change exchanges.
                case RETRANSMIT, RESET -> {
                }
                case UNKNOWN -> eventsIgnored.increment();
            }
        } catch (Exception | StackOverflowError e) {
            eventFailures.increment();
        }
    }

    /** Flushes requests that waited too long, responses that went quiet, and idle connections. */
    @Override
    public void onPoll(long monotonicNanos) {
        Connection c;
        while ((c = awaitingQuiet.expired(monotonicNanos)) != null) {
            expire(c, Wait.QUIET);
        }
        while ((c = awaitingResponse.expired(monotonicNanos)) != null) {
            expire(c, Wait.RESPONSE);
        }
        while ((c = table.oldest()) != null && monotonicNanos - c.lastActivityNanos() >= idleNanos) {
            evict(c);
            evictedIdle.increment();
        }
    }

    /** Emits everything pending, as if every connection timed out, and forgets all connections (shutdown). */
    public void drain() {
        Connection c;
        while ((c = table.oldest()) != null) {
            evict(c);
        }
    }

    private void data(KernelEvent e) {
        long cookie = e.cookie();
        Direction direction = e.direction();
        long bytes = e.bytes();
        if (cookie == 0 || direction == Direction.NONE) {
            eventsIgnored.increment();
            return;
        }
        if (direction == Direction.INGRESS && (e.flags() & MSG_PEEK) != 0) {
            return;
        }
        Connection c = table.get(cookie);
        if (c == null) {
            if (bytes <= 0) {
                return; // an end of stream on a socket we never saw carries nothing
            }
            c = admit(e);
        }
        c.observe(e);
        table.touched(c);
        if (c.role() == Role.UNKNOWN && e.role() != Role.UNKNOWN) {
            c.role(e.role());
        }
        if (bytes <= 0) {
            if (bytes == 0 && direction == Direction.INGRESS && c.role() != Role.UNKNOWN) {
                c.onEndOfStream(c.sideOf(Direction.INGRESS)); // a read returned 0: the peer closed
                schedule(c);
            }
            return;
        }
        int captured = (int) Math.max(0, Math.min(Math.min(e.capturedLength(), bytes), EventLayout.MAX_CAPTURE));
        Segment s = segment.wrap(e, captured, bytes, c.isDatagram() ? c.datagramPeer(e, address) : null);
        if (c.role() == Role.UNKNOWN) {
            roles.assign(c, s, direction, e.timestampNanos());
        }
        c.onData(direction, s, detector);
        schedule(c);
    }

    private void open(KernelEvent e, Role role) {
        long cookie = e.cookie();
        if (cookie == 0) {
            eventsIgnored.increment();
            return;
        }
        Connection c = table.get(cookie);
        if (c == null) {
            c = admit(e);
        }
        c.observe(e);
        table.touched(c);
        if (c.role() == Role.UNKNOWN) {
            c.role(role);
        }
    }

    private void close(KernelEvent e) {
        Connection c = table.get(e.cookie());
        if (c == null) {
            return;
        }
        try {
            c.onClose();
        } finally {
            forget(c);
            connectionsClosed.increment();
        }
    }

    /** FIN seen: the half of the stream that was closed ends (it frames bodies that run until the close). */
    private void state(KernelEvent e) {
        Connection c = table.get(e.cookie());
        if (c == null || c.role() == Role.UNKNOWN) {
            return;
        }
        switch (e.newState()) {
            case CLOSE_WAIT -> c.onEndOfStream(c.sideOf(Direction.INGRESS));
            case FIN_WAIT1, LAST_ACK -> c.onEndOfStream(c.sideOf(Direction.EGRESS));
            default -> {
                return;
            }
        }
        schedule(c);
    }

    private Connection admit(KernelEvent e) {
        if (table.isFull()) {
            evict(table.oldest());
            evictedCapacity.increment();
        }
        Connection c = new Connection(e, output);
        table.add(c);
        connectionsOpened.increment();
        connectionsLive.increment();
        return c;
    }

    private void schedule(Connection c) {
        switch (c.waiting()) {
            case NOTHING -> WaitList.leave(c);
            case RESPONSE -> awaitingResponse.append(c);
            case QUIET -> awaitingQuiet.append(c);
        }
    }

    private void expire(Connection c, Wait wait) {
        WaitList.leave(c);
        try {
            c.onWaitExpired(wait);
            Wait next = c.waiting();
            if (next != wait) {
                schedule(c); // a different wait starts; the same one again waits for the next event
            }
        } catch (Exception | StackOverflowError e) {
            eventFailures.increment();
        }
    }

    private void evict(Connection c) {
        try {
            c.onEvicted();
        } catch (Exception | StackOverflowError e) {
            eventFailures.increment();
        } finally {
            forget(c);
        }
    }

    private void forget(Connection c) {
        WaitList.leave(c);
        table.remove(c);
        connectionsLive.add(-1);
    }

    /** Events received. */
    public long eventsIn() {
        return eventsIn.get();
    }

    /** Events that carry nothing usable (no cookie, no direction, unknown kind). */
    public long eventsIgnored() {
        return eventsIgnored.get();
    }

    /** Events whose processing failed unexpectedly (counted and skipped). */
    public long eventFailures() {
        return eventFailures.get();
    }

    public long exchangesOut() {
        return output.exchanges();
    }

    public long connectionsLive() {
        return connectionsLive.get();
    }

    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    public long connectionsClosed() {
        return connectionsClosed.get();
    }

    /** Connections forgotten without a close: idle plus capacity. */
    public long connectionsEvicted() {
        return evictedIdle.get() + evictedCapacity.get();
    }

    public long connectionsEvictedIdle() {
        return evictedIdle.get();
    }

    /** Connections evicted because the table was full: raise maxConnections if this grows. */
    public long connectionsEvictedCapacity() {
        return evictedCapacity.get();
    }

    /** Connections a parser gave up on (bytes that were not its protocol): paired by direction since. */
    public long parseFailures() {
        return output.parseFailures();
    }

    /** Responses with no request waiting (missed start, or late after a timeout): dropped. */
    public long orphanResponses() {
        return output.orphanResponses();
    }

    /** Exceptions thrown by the {@link ExchangeListener}. */
    public long listenerFailures() {
        return output.listenerFailures();
    }
}
