package io.sockscope.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.sockscope.bpf.EventLayout.*;

/**
 * Writes records in the kernel's layout, so that recorded or synthetic events go through exactly the
 * code that reads the ring buffer: replay in tests and benchmarks, never on the live path.
 */
public final class KernelEventBuilder {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private EventKind kind = EventKind.DATA;
    private long ts;
    private long cookie;
    private long cgroupId;
    private long bytes;
    private int pid;
    private int tid;
    private long netns;
    private int fd = -1;
    private Role role = Role.UNKNOWN;
    private Direction direction = Direction.NONE;
    private int family = AF_INET;
    private int protocol = IPPROTO_TCP;
    private SocketCall call = SocketCall.OTHER;
    private TcpState oldState = TcpState.NONE;
    private TcpState newState = TcpState.NONE;
    private byte[] laddr = new byte[16];
    private byte[] raddr = new byte[16];
    private int lport;
    private int rport;
    private String comm = "";
    private int srttMicros;
    private byte[] payload = new byte[0];

    public KernelEventBuilder kind(EventKind v) { kind = v; return this; }
    public KernelEventBuilder timestampNanos(long v) { ts = v; return this; }
    public KernelEventBuilder cookie(long v) { cookie = v; return this; }
    public KernelEventBuilder cgroupId(long v) { cgroupId = v; return this; }
    public KernelEventBuilder bytes(long v) { bytes = v; return this; }
    public KernelEventBuilder pid(int v) { pid = v; tid = tid == 0 ? v : tid; return this; }
    public KernelEventBuilder tid(int v) { tid = v; return this; }
    public KernelEventBuilder netns(long v) { netns = v; return this; }
    public KernelEventBuilder fd(int v) { fd = v; return this; }
    public KernelEventBuilder role(Role v) { role = v; return this; }
    public KernelEventBuilder direction(Direction v) { direction = v; return this; }
    public KernelEventBuilder protocol(int v) { protocol = v; return this; }
    public KernelEventBuilder call(SocketCall v) { call = v; return this; }
    public KernelEventBuilder states(TcpState from, TcpState to) { oldState = from; newState = to; return this; }
    public KernelEventBuilder comm(String v) { comm = v; return this; }
    public KernelEventBuilder srttMicros(int v) { srttMicros = v; return this; }

    public KernelEventBuilder local(InetAddress a, int port) { family = familyOf(a); laddr = raw(a); lport = port; return this; }
    public KernelEventBuilder remote(InetAddress a, int port) { family = familyOf(a); raddr = raw(a); rport = port; return this; }

    /** Payload as captured; {@link #bytes} defaults to its length when not set. */
    public KernelEventBuilder payload(byte[] v) {
        payload = v.clone();
        if (bytes == 0) {
            bytes = v.length;
        }
        return this;
    }

    public KernelEventBuilder payload(String ascii) {
        return payload(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Size of the record {@link #writeTo} writes. */
    public int size() {
        return HEADER_SIZE + payload.length;
    }

    /** Writes the record at {@code offset} of {@code seg}; returns its size. */
    public int writeTo(MemorySegment seg, long offset) {
        seg.asSlice(offset, HEADER_SIZE).fill((byte) 0);
        seg.set(LONG, offset + TS_NS, ts);
        seg.set(LONG, offset + COOKIE, cookie);
        seg.set(LONG, offset + CGROUP_ID, cgroupId);
        seg.set(LONG, offset + BYTES, bytes);
        seg.set(INT, offset + PID, pid);
        seg.set(INT, offset + TID, tid);
        seg.set(INT, offset + NETNS, (int) netns);
        seg.set(INT, offset + CAPTURED, payload.length);
        seg.set(INT, offset + FD, fd);
        seg.set(ValueLayout.JAVA_BYTE, offset + KIND, (byte) kind.code());
        seg.set(ValueLayout.JAVA_BYTE, offset + ROLE, (byte) role.ordinal());
        seg.set(ValueLayout.JAVA_BYTE, offset + DIRECTION, (byte) direction.ordinal());
        seg.set(ValueLayout.JAVA_BYTE, offset + FAMILY, (byte) family);
        seg.set(ValueLayout.JAVA_BYTE, offset + PROTOCOL, (byte) protocol);
        seg.set(ValueLayout.JAVA_BYTE, offset + CALL, (byte) call.ordinal());
        seg.set(ValueLayout.JAVA_BYTE, offset + OLD_STATE, (byte) oldState.ordinal());
        seg.set(ValueLayout.JAVA_BYTE, offset + NEW_STATE, (byte) newState.ordinal());
        seg.set(SHORT, offset + LPORT, (short) lport);
        seg.set(SHORT, offset + RPORT, (short) rport);
        MemorySegment.copy(laddr, 0, seg, ValueLayout.JAVA_BYTE, offset + LADDR, 16);
        MemorySegment.copy(raddr, 0, seg, ValueLayout.JAVA_BYTE, offset + RADDR, 16);
        byte[] c = comm.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(c, 0, seg, ValueLayout.JAVA_BYTE, offset + COMM, Math.min(15, c.length));
        seg.set(INT, offset + SRTT_US, srttMicros);
        MemorySegment.copy(payload, 0, seg, ValueLayout.JAVA_BYTE, offset + HEADER_SIZE, payload.length);
        return size();
    }

    /** A fresh event view over a heap copy of this record (epoch offset 0: epochNanos == timestampNanos). */
    public KernelEvent build() {
        MemorySegment seg = Arena.ofAuto().allocate(size(), 8);
        writeTo(seg, 0);
        return new KernelEvent().wrap(seg, 0, size(), 0);
    }

    private static int familyOf(InetAddress a) {
        return a instanceof java.net.Inet4Address ? AF_INET : AF_INET6;
    }

    private static byte[] raw(InetAddress a) {
        byte[] out = new byte[16];
        byte[] b = a.getAddress();
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }
}
