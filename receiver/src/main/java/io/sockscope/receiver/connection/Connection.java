package io.sockscope.receiver.connection;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.EventLayout;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.Role;
import io.sockscope.receiver.Endpoint;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ProtocolDetails;
import io.sockscope.receiver.protocol.Detection;
import io.sockscope.receiver.protocol.ExchangeSink;
import io.sockscope.receiver.protocol.MessageExtent;
import io.sockscope.receiver.protocol.PendingTraffic;
import io.sockscope.receiver.protocol.ProtocolDetector;
import io.sockscope.receiver.protocol.ProtocolParser;
import io.sockscope.receiver.protocol.ProtocolSession;
import io.sockscope.receiver.protocol.ProtocolViolation;
import io.sockscope.receiver.protocol.Segment;
import io.sockscope.receiver.protocol.Side;
import io.sockscope.receiver.protocol.Wait;
import io.sockscope.receiver.protocol.opaque.OpaqueSession;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * One socket seen from one process: who owns it, its two ends, its role, and the protocol session
 * that turns its bytes into exchanges. It picks the session (a parser that recognises the first
 * bytes, else pairing by direction), and falls back to pairing by direction for good when the parser
 * meets bytes that are not its protocol, carrying over what the parser had not emitted yet.
 *
 * <p>A connection paired by direction because nothing was recognised keeps looking at the start of
 * each request run: a connection opened before Sockscope started is first seen mid-message, and its
 * next request is recognised. Reader thread only.
 */
public final class Connection implements ExchangeSink {
    // Links owned by ConnectionTable (activity order) and WaitList (timers): intrusive, so no allocation.
    Connection lruPrev;
    Connection lruNext;
    Connection waitPrev;
    Connection waitNext;
    WaitList waitList;

    private final long cookie;
    private final boolean datagrams;
    private final ExchangeOutput output;
    private long lastActivityNanos;
    private Role role = Role.UNKNOWN;
    /** The role is only the first-direction assumption: a recognised message may correct it. */
    private boolean roleGuessed;
    private Direction lastDirection = Direction.NONE;
    private Endpoint local;
    private Endpoint remote;
    private int pid;
    private int tid;
    private long cgroupId;
    private long netns;
    private ProcessInfo process;
    private ProtocolSession session;
    /** Non-null while paired by direction and still looking for a protocol at each request run. */
    private OpaqueSession detecting;
    private byte[] peerRaw;
    private int peerPort;
    private Endpoint peer;

    /** A connection first seen in {@code event} (any kind that carries its addresses). */
    public Connection(KernelEvent event, ExchangeOutput output) {
        this.cookie = event.cookie();
        this.datagrams = event.protocol() == EventLayout.IPPROTO_UDP;
        this.output = output;
        this.lastActivityNanos = event.timestampNanos();
        this.local = new Endpoint(event.localAddress(), event.localPort());
        this.remote = new Endpoint(event.remoteAddress(), event.remotePort());
        this.netns = event.netns();
    }

    public long cookie() {
        return cookie;
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    public boolean isDatagram() {
        return datagrams;
    }

    public Role role() {
        return role;
    }

    public void role(Role role) {
        this.role = role;
        this.roleGuessed = false;
    }

    /** A role from the first-direction assumption only. */
    public void guessRole(Role role) {
        this.role = role;
        this.roleGuessed = true;
    }

    public Endpoint local() {
        return local;
    }

    public Endpoint remote() {
        return remote;
    }

    public int pid() {
        return pid;
    }

    public long netns() {
        return netns;
    }

    /** The session in use, null before the first bytes. */
    public ProtocolSession session() {
        return session;
    }

    /** Takes the task, cgroup and time of an event of this socket. */
    public void observe(KernelEvent event) {
        lastActivityNanos = Math.max(lastActivityNanos, event.timestampNanos());
        int p = event.pid();
        if (p != 0) {
            if (p != pid || process == null) {
                pid = p;
                process = output.process(p, event.comm());
            }
            tid = event.tid();
            long cg = event.cgroupId();
            if (cg != 0) {
                cgroupId = cg;
            }
        }
        if (remote.port() == 0 && event.remotePort() != 0 && !datagrams) {
            remote = new Endpoint(event.remoteAddress(), event.remotePort());
        }
        if (local.port() == 0 && event.localPort() != 0) {
            local = new Endpoint(event.localAddress(), event.localPort());
        }
        long ns = event.netns();
        if (ns != 0) {
            netns = ns;
        }
    }

    /** Which half of an exchange bytes moving {@code direction} belong to; the role must be known. */
    public Side sideOf(Direction direction) {
        return (role == Role.CLIENT) == (direction == Direction.EGRESS) ? Side.REQUEST : Side.RESPONSE;
    }

    /**
     * The peer of a datagram, allocating only when it differs from the previous one; null when the
     * event does not carry it (a UDP receive may not).
     */
    public Endpoint datagramPeer(KernelEvent event, byte[] scratch16) {
        int port = event.remotePort();
        event.copyRemoteAddress(scratch16);
        if (peer != null && port == peerPort && Arrays.equals(scratch16, peerRaw)) {
            return peer;
        }
        InetAddress address = event.remoteAddress();
        if (address == null && port == 0) {
            return null;
        }
        peerRaw = scratch16.clone();
        peerPort = port;
        peer = new Endpoint(address, port);
        remote = peer;
        return peer;
    }

    /**
     * Bytes of one syscall moving {@code direction}: picks or switches the session, then feeds it. The
     * role must be known (possibly guessed).
     */
    public void onData(Direction direction, Segment segment, ProtocolDetector detector) {
        boolean turn = direction != lastDirection;
        lastDirection = direction;
        if (roleGuessed && detecting != null && turn) {
            correctRole(direction, segment, detector);
        }
        Side side = sideOf(direction);
        if (session == null) {
            ProtocolParser parser = datagrams ? null : detector.find(segment, side);
            if (parser != null) {
                session = parser.newSession(this);
            } else {
                OpaqueSession opaque = new OpaqueSession(this, datagrams, PendingTraffic.NONE);
                session = opaque;
                detecting = datagrams || detector.isEmpty() ? null : opaque;
            }
        } else if (detecting != null && detecting.isTurn(side)) {
            ProtocolParser parser = detector.find(segment, side);
            if (parser != null) {
                detecting.finishResponse();
                detecting = null;
                session = parser.newSession(this);
            }
        }
        int handOver;
        try {
            handOver = session.onData(side, segment);
        } catch (ProtocolViolation v) {
            output.parseFailure();
            handOver = v.offset();
        } catch (RuntimeException e) {
            // A parser bug must cost one connection's parsing, not the reader.
            output.parseFailure();
            handOver = (int) Math.min(Integer.MAX_VALUE, segment.bytes());
        }
        if (handOver >= 0) {
            fallBack(side, segment, handOver);
        }
    }

    /** The sender of {@code side} closed its half. */
    public void onEndOfStream(Side side) {
        if (session != null) {
            session.onEndOfStream(side);
        }
    }

    /** The socket is gone: everything pending goes out. */
    public void onClose() {
        if (session != null) {
            session.onClose();
        }
    }

    /** The wait of {@link #waiting()} is over. */
    public void onWaitExpired(Wait wait) {
        if (session != null) {
            session.onWaitExpired(wait);
        }
    }

    /** The connection leaves the table (idle or capacity): what it was waiting for will not come. */
    public void onEvicted() {
        if (session != null) {
            session.onWaitExpired(Wait.QUIET);
            session.onWaitExpired(Wait.RESPONSE);
        }
    }

    public Wait waiting() {
        return session == null ? Wait.NOTHING : session.waiting();
    }

    /**
     * A guessed role meets a message a parser recognises: the message tells which end sent it. When it
     * contradicts the guess (the first bytes seen were the tail of a response), the role flips and the
     * pairing restarts; what was paired under the wrong role is dropped.
     */
    private void correctRole(Direction direction, Segment segment, ProtocolDetector detector) {
        Detection d = detector.classify(segment);
        if (d != Detection.REQUEST && d != Detection.RESPONSE) {
            return;
        }
        Role implied = (d == Detection.REQUEST) == (direction == Direction.EGRESS) ? Role.CLIENT : Role.SERVER;
        roleGuessed = false;
        if (implied != role) {
            role = implied;
            OpaqueSession fresh = new OpaqueSession(this, datagrams, PendingTraffic.NONE);
            session = fresh;
            detecting = fresh;
        }
    }

    private void fallBack(Side side, Segment segment, long offset) {
        PendingTraffic pending;
        try {
            pending = session.pending();
        } catch (RuntimeException e) {
            pending = PendingTraffic.NONE;
        }
        OpaqueSession opaque = new OpaqueSession(this, datagrams, pending);
        session = opaque;
        detecting = null;
        opaque.take(side, segment, segment.bytes() - offset);
    }

    @Override
    public void exchange(Protocol protocol, MessageExtent request, MessageExtent response, Outcome outcome,
                         ProtocolDetails details) {
        Endpoint peerEnd = remote;
        if (datagrams) {
            Endpoint p = request.peer() != null ? request.peer() : response != null ? response.peer() : null;
            if (p != null) {
                peerEnd = p;
            }
        }
        int xpid = request.pid() != 0 ? request.pid() : pid;
        int xtid = request.pid() != 0 ? request.tid() : tid;
        ProcessInfo info = process != null && process.pid() == xpid ? process : output.process(xpid, null);
        output.deliver(new Exchange(cookie, role, protocol, local, peerEnd,
                datagrams ? EventLayout.IPPROTO_UDP : EventLayout.IPPROTO_TCP, xpid, xtid, cgroupId, netns, info,
                request.startNanos(), request.endNanos(),
                response == null ? 0 : response.startNanos(), response == null ? 0 : response.endNanos(),
                request.bytes(), response == null ? 0 : response.bytes(), outcome, details));
    }

    @Override
    public void orphanResponse() {
        output.orphanResponse();
    }

    @Override
    public String toString() {
        return "Connection[" + cookie + " " + role + " " + local + " -> " + remote + " pid=" + pid + "]";
    }
}
