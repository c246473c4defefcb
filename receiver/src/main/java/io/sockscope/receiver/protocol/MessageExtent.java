package io.sockscope.receiver.protocol;

import io.sockscope.receiver.Endpoint;

/**
 * Where one message (or run of bytes) sits in time and size while it arrives: wall-clock time of
 * the event carrying its first byte and of the one carrying its last byte, and its size on the wire.
 * Mutable and owned by one session, because it grows syscall by syscall; the connection copies the
 * numbers into an immutable {@link io.sockscope.receiver.Exchange} when the exchange is complete.
 */
public final class MessageExtent {
    private long startNanos;
    private long endNanos;
    private long bytes;
    private int pid;
    private int tid;
    private Endpoint peer;

    /** Starts the message at the event of {@code segment}; no byte counted yet. */
    public MessageExtent begin(Segment segment) {
        startNanos = segment.epochNanos();
        endNanos = startNanos;
        bytes = 0;
        pid = segment.pid();
        tid = segment.tid();
        peer = segment.peer();
        return this;
    }

    /** Counts {@code n} more bytes of the message, carried by the event of {@code segment}. */
    public void extend(Segment segment, long n) {
        if (n <= 0) {
            return;
        }
        endNanos = segment.epochNanos();
        bytes += n;
        if (peer == null) {
            peer = segment.peer();
        }
    }

    /**
     * Counts {@code n} bytes that belong to this message's exchange but came before its first byte
     * (an HTTP interim response), without moving its start or end.
     */
    public void carry(long n) {
        bytes += Math.max(0, n);
    }

    /** Adds another extent of the same direction (merging pending messages into one run). */
    public void absorb(MessageExtent other) {
        if (other == null || other.bytes == 0 && other.startNanos == 0) {
            return;
        }
        if (bytes == 0 && startNanos == 0) {
            startNanos = other.startNanos;
            pid = other.pid;
            tid = other.tid;
            peer = other.peer;
        } else {
            startNanos = Math.min(startNanos, other.startNanos);
        }
        endNanos = Math.max(endNanos, other.endNanos);
        bytes += other.bytes;
        if (peer == null) {
            peer = other.peer;
        }
    }

    public long startNanos() {
        return startNanos;
    }

    public long endNanos() {
        return endNanos;
    }

    public long bytes() {
        return bytes;
    }

    public int pid() {
        return pid;
    }

    public int tid() {
        return tid;
    }

    /** The peer of a datagram (UDP); null on connected sockets, whose peer is the connection's. */
    public Endpoint peer() {
        return peer;
    }

    @Override
    public String toString() {
        return "[" + startNanos + ".." + endNanos + " " + bytes + "B]";
    }
}
