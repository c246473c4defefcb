package io.sockscope.receiver;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.EventKind;
import io.sockscope.bpf.EventLayout;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.KernelEventBuilder;
import io.sockscope.bpf.Role;
import io.sockscope.bpf.SocketCall;
import io.sockscope.bpf.TcpState;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The kernel events of one socket, as the probes would report them, written with
 * {@link KernelEventBuilder} so tests go through the exact decoding path of the ring buffer. Every
 * event is 1 µs after the previous one unless {@link #at} or {@link #after} says otherwise.
 */
public final class Conversation {
    public static final InetAddress SERVER_IP = ip("10.0.0.1");
    public static final InetAddress CLIENT_IP = ip("10.0.0.2");
    public static final int SERVER_PORT = 8080;
    public static final int CLIENT_PORT = 54321;
    public static final long STEP = 1_000;

    private final long cookie;
    private final Role role;
    private final InetAddress localIp;
    private final int localPort;
    private final InetAddress remoteIp;
    private final int remotePort;
    private Role eventRole;
    private int pid;
    private int protocol = EventLayout.IPPROTO_TCP;
    private String comm;
    private long ts = 1_000_000_000L;
    private int capture = Integer.MAX_VALUE;

    private Conversation(long cookie, Role role, InetAddress localIp, int localPort, InetAddress remoteIp,
                         int remotePort, int pid, String comm) {
        this.cookie = cookie;
        this.role = role;
        this.eventRole = role;
        this.localIp = localIp;
        this.localPort = localPort;
        this.remoteIp = remoteIp;
        this.remotePort = remotePort;
        this.pid = pid;
        this.comm = comm;
    }

    /** The accepted socket of a server (nginx, pid 100) on 10.0.0.1:8080. */
    public static Conversation server(long cookie) {
        return new Conversation(cookie, Role.SERVER, SERVER_IP, SERVER_PORT, CLIENT_IP, CLIENT_PORT, 100, "nginx");
    }

    /** The connected socket of a client (curl, pid 200) on 10.0.0.2:54321. */
    public static Conversation client(long cookie) {
        return new Conversation(cookie, Role.CLIENT, CLIENT_IP, CLIENT_PORT, SERVER_IP, SERVER_PORT, 200, "curl");
    }

    /** Events carry no role: the socket existed before the probes (its connect or accept was not seen). */
    public Conversation roleUnseen() {
        eventRole = Role.UNKNOWN;
        return this;
    }

    public Conversation udp() {
        protocol = EventLayout.IPPROTO_UDP;
        eventRole = Role.UNKNOWN;
        return this;
    }

    public Conversation pid(int pid, String comm) {
        this.pid = pid;
        this.comm = comm;
        return this;
    }

    /** Payload captured per syscall, as the probes' capture size: longer writes arrive with a gap. */
    public Conversation capture(int bytes) {
        capture = bytes;
        return this;
    }

    public Conversation at(long nanos) {
        ts = nanos;
        return this;
    }

    public Conversation after(long nanos) {
        ts += nanos - STEP;
        return this;
    }

    /** Time the next event will carry. */
    public long now() {
        return ts;
    }

    public long cookie() {
        return cookie;
    }

    public KernelEvent accept() {
        return base(EventKind.ACCEPT).pid(0).comm("").role(Role.SERVER).states(TcpState.SYN_RECV, TcpState.ESTABLISHED)
                .build();
    }

    public KernelEvent connect() {
        return base(EventKind.CONNECT).role(Role.CLIENT).states(TcpState.CLOSE, TcpState.SYN_SENT).build();
    }

    public KernelEvent close() {
        return base(EventKind.CLOSE).pid(0).comm("").states(TcpState.FIN_WAIT2, TcpState.CLOSE).build();
    }

    public KernelEvent state(TcpState from, TcpState to) {
        return base(EventKind.STATE).pid(0).comm("").states(from, to).build();
    }

    /** This process sent {@code ascii}. */
    public KernelEvent send(String ascii) {
        return send(bytes(ascii));
    }

    public KernelEvent send(byte[] payload) {
        return data(Direction.EGRESS, payload, payload.length, SocketCall.WRITEV);
    }

    /** This process received {@code ascii}. */
    public KernelEvent recv(String ascii) {
        return recv(bytes(ascii));
    }

    public KernelEvent recv(byte[] payload) {
        return data(Direction.INGRESS, payload, payload.length, SocketCall.RECVFROM);
    }

    /** A send of {@code total} bytes of which only {@code captured} were copied (a gap follows them). */
    public KernelEvent send(String captured, long total) {
        return data(Direction.EGRESS, bytes(captured), total, SocketCall.WRITEV);
    }

    public KernelEvent recv(String captured, long total) {
        return data(Direction.INGRESS, bytes(captured), total, SocketCall.RECVFROM);
    }

    /** sendfile(2): bytes only, never a payload. */
    public KernelEvent sendfile(long total) {
        return data(Direction.EGRESS, new byte[0], total, SocketCall.SENDFILE);
    }

    /** A read that returned 0: the peer closed its side. */
    public KernelEvent eof() {
        return base(EventKind.DATA).direction(Direction.INGRESS).call(SocketCall.READ).bytes(0).build();
    }

    public KernelEvent data(Direction direction, byte[] payload, long total, SocketCall call) {
        byte[] captured = payload.length > capture ? Arrays.copyOf(payload, capture) : payload;
        return base(EventKind.DATA).direction(direction).call(call).payload(captured).bytes(total).build();
    }

    private KernelEventBuilder base(EventKind kind) {
        KernelEventBuilder b = new KernelEventBuilder().kind(kind).timestampNanos(ts).cookie(cookie).pid(pid).tid(pid)
                .comm(comm).netns(4026531840L).cgroupId(77).role(eventRole).protocol(protocol)
                .local(localIp, localPort).remote(remoteIp, remotePort);
        ts += STEP;
        return b;
    }

    public static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Role role() {
        return role;
    }
}
