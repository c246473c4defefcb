package io.sockscope.receiver.l4;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.EventKind;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.KernelEventListener;
import io.sockscope.bpf.Role;
import io.sockscope.bpf.TcpState;
import io.sockscope.receiver.process.ProcessResolver;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * L4 facts per TCP connection from the kernel's events, next to the exchange assembler: bytes each
 * way, connections opened, closed, refused and reset, retransmissions, smoothed RTT and connect
 * latency. Only tracepoint events are used (DATA, CONNECT, ACCEPT, STATE, CLOSE, RETRANSMIT, RESET).
 *
 * <p>Lifecycle and L4 events often run in softirq context with pid 0, so everything is keyed by the
 * socket cookie and the owner is the pid of the connection's DATA or CONNECT events. Per event the
 * tracker only updates the connection's counters; {@link #flush} (before each metrics export) hands
 * every connection with news to the {@link L4Listener}, and a closing connection is handed over at
 * once. A connection whose owner is still unknown is held back until it is known or the connection
 * closes.
 *
 * <p>Refused: a reset received in SYN_SENT, or SYN_SENT straight to CLOSE. Reset: a reset sent or
 * received in any other state, counted once per connection. Connect latency: the CONNECT event
 * (SYN_SENT, in the connecting task) to the STATE event SYN_SENT → ESTABLISHED of the same cookie.
 *
 * <p>Threading: called from the reader thread only; no locks.
 */
public final class L4Tracker implements KernelEventListener {
    private final L4Listener listener;
    private final ProcessResolver processes;
    private final int maxConnections;
    private final long idleNanos;
    private final Map<Long, L4Connection> connections = new HashMap<>();
    private long evicted;
    private long untracked;

    /**
     * @param processes      who a pid is, asked once per connection when its owner is learnt, while
     *                       the process surely lives (a short-lived client is gone by the next export)
     * @param maxConnections connections tracked at once; events of further new connections are ignored and counted
     * @param idleNanos      a connection with no event for this long is reported and forgotten
     */
    public L4Tracker(L4Listener listener, ProcessResolver processes, int maxConnections, long idleNanos) {
        this.listener = listener;
        this.processes = processes;
        this.maxConnections = maxConnections;
        this.idleNanos = idleNanos;
    }

    @Override
    public void onEvent(KernelEvent e) {
        if (!e.isTcp()) {
            return;
        }
        EventKind kind = e.kind();
        if (kind == EventKind.UNKNOWN) {
            return;
        }
        long cookie = e.cookie();
        L4Connection c = connections.get(cookie);
        if (c == null) {
            if (kind == EventKind.STATE && (e.newState() == TcpState.LISTEN || e.oldState() == TcpState.LISTEN)) {
                return; // listeners are not connections
            }
            if (kind == EventKind.CLOSE && (e.oldState() == TcpState.LISTEN || e.oldState() == TcpState.NONE)) {
                return;
            }
            if (connections.size() >= maxConnections) {
                untracked++; // O(1) under a flood of new connections; idle ones leave at the next flush
                return;
            }
            c = new L4Connection(cookie);
            connections.put(cookie, c);
        }
        long ts = e.timestampNanos();
        c.lastSeenNanos = ts;
        if (c.pid == 0 && e.pid() != 0 && (kind == EventKind.DATA || kind == EventKind.CONNECT)) {
            c.pid = e.pid();
            c.comm = e.comm();
            c.process = processes.resolve(c.pid, c.comm);
            c.dirty |= c.opened || c.closed || c.retransmits > 0 || c.reset || c.bytesSent > 0 || c.bytesReceived > 0;
        }
        if (c.remotePort == 0 && e.remotePort() != 0) {
            c.remoteAddress = e.remoteAddress();
            c.remotePort = e.remotePort();
            c.localPort = e.localPort();
        }
        if (c.role == Role.UNKNOWN && e.role() != Role.UNKNOWN) {
            c.role = e.role();
        }
        int srtt = e.srttMicros();
        if (srtt > 0) {
            c.srttMicros = srtt;
        }
        switch (kind) {
            case DATA -> {
                if (e.direction() == Direction.EGRESS) {
                    c.bytesSent += Math.max(0, e.bytes());
                } else if (e.direction() == Direction.INGRESS) {
                    c.bytesReceived += Math.max(0, e.bytes());
                }
                c.dirty = true;
            }
            case CONNECT -> {
                c.role = Role.CLIENT;
                c.connectStartNanos = ts;
            }
            case ACCEPT -> {
                c.role = Role.SERVER;
                established(c);
            }
            case STATE -> {
                if (e.oldState() == TcpState.SYN_SENT && e.newState() == TcpState.ESTABLISHED) {
                    if (c.connectStartNanos != 0) {
                        c.connectNanos = Math.max(1, ts - c.connectStartNanos);
                    }
                    established(c);
                } else if (e.newState() != TcpState.SYN_SENT && e.newState() != TcpState.SYN_RECV) {
                    c.established = true; // a socket older than the probes, seen closing
                }
            }
            case RETRANSMIT -> {
                c.retransmits++;
                c.dirty = true;
            }
            case RESET -> {
                if (e.oldState() == TcpState.SYN_SENT && !c.established) {
                    c.refused = true;
                } else if (!c.resetCounted) {
                    c.resetCounted = true;
                    c.reset = true;
                }
                c.dirty = true;
            }
            case CLOSE -> {
                if (e.oldState() == TcpState.SYN_SENT && !c.established) {
                    c.refused = true;
                } else {
                    c.closed = true;
                }
                connections.remove(cookie);
                c.dirty = true;
                report(c);
            }
            default -> {
            }
        }
    }

    private static void established(L4Connection c) {
        if (!c.established) {
            c.established = true;
            c.opened = true;
            c.dirty = true;
        }
    }

    /**
     * Reports every connection with news and a known owner, and forgets connections idle past the
     * timeout. Call before each metrics export.
     *
     * @param monotonicNanos now, on the events' clock
     */
    public void flush(long monotonicNanos) {
        Iterator<L4Connection> it = connections.values().iterator();
        while (it.hasNext()) {
            L4Connection c = it.next();
            boolean idle = monotonicNanos - c.lastSeenNanos > idleNanos;
            if (idle) {
                it.remove();
                evicted++;
            }
            if (c.dirty && (c.pid != 0 || idle)) {
                report(c);
            }
        }
    }

    private void report(L4Connection c) {
        try {
            listener.onReport(c);
        } finally {
            c.clearPending();
        }
    }

    /** Connections tracked now. */
    public int connections() {
        return connections.size();
    }

    /** Connections forgotten because they were idle. */
    public long evicted() {
        return evicted;
    }

    /** Events of new connections not tracked because the table was full. */
    public long untracked() {
        return untracked;
    }
}
