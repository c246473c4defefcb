package io.sockscope.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.sockscope.bpf.EventLayout.*;

/**
 * One decoded record from the ring buffer: a view, not a copy.
 *
 * <p>The reader reuses one instance for every record, so an event is valid only during the
 * {@link KernelEventListener#onEvent} call that receives it; keep what you need by copying it
 * ({@link #copyPayload}, {@link #toRecord()}). Accessors read the shared memory directly and allocate
 * nothing, except those returning objects ({@link #comm()}, {@link #localAddress()}, ...).
 *
 * <p>Timestamps: {@link #timestampNanos()} is CLOCK_MONOTONIC (the same clock as
 * {@link System#nanoTime()} on Linux); {@link #epochNanos()} adds the wall-clock offset the reader
 * measured when it started.
 */
public final class KernelEvent {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private long length;
    private long epochOffsetNanos;

    /** Points this view at a record; the reader and tests call it, nobody else needs to. */
    public KernelEvent wrap(MemorySegment segment, long offset, long length, long epochOffsetNanos) {
        this.segment = segment;
        this.base = offset;
        this.length = length;
        this.epochOffsetNanos = epochOffsetNanos;
        return this;
    }

    public EventKind kind() {
        return EventKind.of(u8(KIND));
    }

    /** CLOCK_MONOTONIC nanoseconds at the moment the probe ran. */
    public long timestampNanos() {
        return segment.get(LONG, base + TS_NS);
    }

    /** Wall-clock time (nanoseconds since the Unix epoch). */
    public long epochNanos() {
        return timestampNanos() + epochOffsetNanos;
    }

    /** Socket cookie: unique for the life of the host, so it stays unique when fds and ports are reused. */
    public long cookie() {
        return segment.get(LONG, base + COOKIE);
    }

    public long cgroupId() {
        return segment.get(LONG, base + CGROUP_ID);
    }

    /** Byte count of the call (what the syscall returned). */
    public long bytes() {
        return segment.get(LONG, base + BYTES);
    }

    /** Process id in the host pid namespace; 0 when the probe ran outside a task (softirq). */
    public int pid() {
        return segment.get(INT, base + PID);
    }

    public int tid() {
        return segment.get(INT, base + TID);
    }

    public long netns() {
        return Integer.toUnsignedLong(segment.get(INT, base + NETNS));
    }

    /** File descriptor, or -1 when unknown. */
    public int fd() {
        return segment.get(INT, base + FD);
    }

    public Role role() {
        return Role.of(u8(ROLE));
    }

    public Direction direction() {
        return Direction.of(u8(DIRECTION));
    }

    /** {@link EventLayout#AF_INET} or {@link EventLayout#AF_INET6}. */
    public int family() {
        return u8(FAMILY);
    }

    /** {@link EventLayout#IPPROTO_TCP} or {@link EventLayout#IPPROTO_UDP}. */
    public int protocol() {
        return u8(PROTOCOL);
    }

    public boolean isTcp() {
        return protocol() == IPPROTO_TCP;
    }

    public SocketCall call() {
        return SocketCall.of(u8(CALL));
    }

    public TcpState oldState() {
        return TcpState.of(u8(OLD_STATE));
    }

    public TcpState newState() {
        return TcpState.of(u8(NEW_STATE));
    }

    public int localPort() {
        return Short.toUnsignedInt(segment.get(SHORT, base + LPORT));
    }

    public int remotePort() {
        return Short.toUnsignedInt(segment.get(SHORT, base + RPORT));
    }

    public int flags() {
        return segment.get(INT, base + FLAGS);
    }

    /** Smoothed round-trip time of a TCP socket in microseconds, 0 when unknown. */
    public int srttMicros() {
        return segment.get(INT, base + SRTT_US);
    }

    /** Payload bytes carried by this event: a prefix of {@link #bytes()}. */
    public int capturedLength() {
        return segment.get(INT, base + CAPTURED);
    }

    public byte payloadByte(int index) {
        return segment.get(ValueLayout.JAVA_BYTE, base + HEADER_SIZE + index);
    }

    /** The payload as a slice of the shared memory (no copy; valid during the callback only). */
    public MemorySegment payload() {
        return segment.asSlice(base + HEADER_SIZE, capturedLength());
    }

    /** Copies up to {@code max} payload bytes to {@code dst[offset..]}; returns the number copied. */
    public int copyPayload(byte[] dst, int offset, int max) {
        int n = Math.min(Math.min(max, capturedLength()), dst.length - offset);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + HEADER_SIZE, dst, offset, n);
        return n;
    }

    /** Local address, IPv4-mapped IPv6 addresses returned as IPv4. Allocates. */
    public InetAddress localAddress() {
        return address(LADDR);
    }

    /** Remote address, IPv4-mapped IPv6 addresses returned as IPv4; null when unknown. Allocates. */
    public InetAddress remoteAddress() {
        return address(RADDR);
    }

    /** Copies the 16 raw remote address bytes (IPv4 in the first four) to {@code dst}. */
    public void copyRemoteAddress(byte[] dst) {
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + RADDR, dst, 0, 16);
    }

    /** The task's command name. Allocates. */
    public String comm() {
        byte[] b = new byte[16];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + COMM, b, 0, 16);
        int n = 0;
        while (n < 16 && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** An immutable copy of this event, for tests, tools and anything that keeps events around. */
    public KernelEventRecord toRecord() {
        byte[] payload = new byte[capturedLength()];
        copyPayload(payload, 0, payload.length);
        return new KernelEventRecord(kind(), epochNanos(), timestampNanos(), cookie(), pid(), tid(), comm(), cgroupId(),
                netns(), fd(), role(), direction(), protocol(), call(), oldState(), newState(), localAddress(), localPort(),
                remoteAddress(), remotePort(), bytes(), srttMicros(), payload);
    }

    private int u8(int field) {
        return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, base + field));
    }

    private InetAddress address(int field) {
        byte[] raw = new byte[16];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + field, raw, 0, 16);
        return Addresses.toInetAddress(family(), raw);
    }

    @Override
    public String toString() {
        return toRecord().toString();
    }
}
