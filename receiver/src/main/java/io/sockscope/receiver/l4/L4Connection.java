package io.sockscope.receiver.l4;

import io.sockscope.bpf.Role;
import io.sockscope.receiver.ProcessInfo;

import java.net.InetAddress;

/**
 * One TCP socket as the L4 tracker knows it, with what happened on it since it was last reported.
 * Owned by {@link L4Tracker}: a listener reads it during {@link L4Listener#onReport} and must not keep
 * it, since the pending values are cleared after the call.
 */
public final class L4Connection {
    final long cookie;
    int pid;
    String comm;
    ProcessInfo process;
    Role role = Role.UNKNOWN;
    InetAddress remoteAddress;
    int remotePort;
    int localPort;
    long lastSeenNanos;
    long connectStartNanos;
    boolean established;
    boolean closedState;

    long bytesSent;
    long bytesReceived;
    boolean opened;
    boolean closed;
    boolean refused;
    boolean reset;
    boolean resetCounted;
    long retransmits;
    int srttMicros;
    long connectNanos;
    boolean dirty;

    L4Connection(long cookie) {
        this.cookie = cookie;
    }

    /** The socket cookie. */
    public long cookie() {
        return cookie;
    }

    /** Host pid of the process that owns the socket; 0 when no event in its context was seen yet. */
    public int pid() {
        return pid;
    }

    /** The owner's command name from its first event in task context, or null. */
    public String comm() {
        return comm;
    }

    /** The owner as resolved when its pid was learnt; null while the pid is unknown. */
    public ProcessInfo process() {
        return process;
    }

    public Role role() {
        return role;
    }

    /** The peer's address, null when no event carried it. */
    public InetAddress remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }

    public int localPort() {
        return localPort;
    }

    /** The server's port: the remote one for a client socket, the local one for a server socket. */
    public int serverPort() {
        return switch (role) {
            case CLIENT -> remotePort;
            case SERVER -> localPort;
            // A socket older than the probes: servers listen on the lower, fixed port.
            case UNKNOWN -> remotePort > 0 && (localPort == 0 || remotePort < localPort) ? remotePort : localPort;
        };
    }

    /** Bytes the process sent since the last report. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Bytes the process received since the last report. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** The connection was established since the last report (client: SYN_SENT to ESTABLISHED; server: accepted). */
    public boolean opened() {
        return opened;
    }

    /** An established connection reached CLOSE. */
    public boolean closed() {
        return closed;
    }

    /** A connect never got established: a reset in SYN_SENT, or SYN_SENT straight to CLOSE. */
    public boolean refused() {
        return refused;
    }

    /** A reset was sent or received on an established connection (reported once per connection). */
    public boolean reset() {
        return reset;
    }

    /** Segments retransmitted since the last report. */
    public long retransmits() {
        return retransmits;
    }

    /** The latest smoothed RTT the kernel reported since the last report, in microseconds; 0 when none. */
    public int srttMicros() {
        return srttMicros;
    }

    /** Time from SYN_SENT to ESTABLISHED in nanoseconds when the connect completed since the last report, else 0. */
    public long connectNanos() {
        return connectNanos;
    }

    void clearPending() {
        bytesSent = 0;
        bytesReceived = 0;
        opened = false;
        closed = false;
        refused = false;
        reset = false;
        retransmits = 0;
        srttMicros = 0;
        connectNanos = 0;
        dirty = false;
    }
}
