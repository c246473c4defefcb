package io.sockscope.receiver.protocol;

import io.sockscope.bpf.EventLayout;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.receiver.Endpoint;

/**
 * The bytes of one send or receive syscall as parsers see them: {@link #bytes()} moved, of which the
 * first {@link #captured()} are readable; the rest ({@link #gap()}) was counted by the kernel but not
 * copied, so parsers must skip it by count.
 *
 * <p>A flyweight: the assembler re-points one instance at every event, so a segment is valid only
 * during the call that receives it. The payload is copied out of the ring buffer lazily, on the first
 * call to {@link #array()}: parsers that only count bytes (bodies) never pay for the copy, and
 * detection reads a few bytes in place through {@link #byteAt}. Reader thread only.
 */
public final class Segment {
    private KernelEvent event;
    private byte[] data;
    private boolean loaded;
    private int captured;
    private long bytes;
    private long epochNanos;
    private int pid;
    private int tid;
    private Endpoint peer;

    /** A segment whose payload will be read from events; its buffer holds the largest capture. */
    public Segment() {
        this.data = new byte[EventLayout.MAX_CAPTURE];
    }

    /** A standalone segment over bytes (parsers' own tests); {@code bytes} may exceed the payload (a gap). */
    public static Segment of(byte[] payload, long bytes, long epochNanos) {
        Segment s = new Segment(payload);
        s.captured = payload.length;
        s.bytes = Math.max(bytes, payload.length);
        s.epochNanos = epochNanos;
        s.loaded = true;
        return s;
    }

    private Segment(byte[] payload) {
        this.data = payload;
    }

    /**
     * Points this segment at a DATA event. {@code captured} is the event's payload length already
     * clamped to what it can carry; {@code peer} is the datagram's peer (UDP), else null.
     */
    public Segment wrap(KernelEvent event, int captured, long bytes, Endpoint peer) {
        this.event = event;
        this.loaded = false;
        this.captured = captured;
        this.bytes = bytes;
        this.epochNanos = event.epochNanos();
        this.pid = event.pid();
        this.tid = event.tid();
        this.peer = peer;
        return this;
    }

    /** Payload bytes readable in this segment. */
    public int captured() {
        return captured;
    }

    /** Bytes the syscall moved: {@code captured() + gap()}. */
    public long bytes() {
        return bytes;
    }

    /** Bytes moved but not captured: they follow the captured prefix. */
    public long gap() {
        return bytes - captured;
    }

    /** Wall-clock time of the event, nanoseconds since the epoch. */
    public long epochNanos() {
        return epochNanos;
    }

    public int pid() {
        return pid;
    }

    public int tid() {
        return tid;
    }

    public Endpoint peer() {
        return peer;
    }

    /** One payload byte, read in place (no copy). {@code index < captured()}. */
    public byte byteAt(int index) {
        if (loaded) {
            return data[index];
        }
        if (index >= captured) {
            throw new IndexOutOfBoundsException(index);
        }
        return event.payloadByte(index);
    }

    /** The payload in a heap array (valid indexes {@code 0..captured()-1}); copies it on first use. */
    public byte[] array() {
        if (!loaded) {
            event.copyPayload(data, 0, captured);
            loaded = true;
        }
        return data;
    }
}
