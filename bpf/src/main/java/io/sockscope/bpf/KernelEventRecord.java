package io.sockscope.bpf;

import java.net.InetAddress;
import java.util.Arrays;

/** An owned copy of a {@link KernelEvent}, for tools and tests; the hot path uses the view. */
public record KernelEventRecord(
        EventKind kind,
        long epochNanos,
        long timestampNanos,
        long cookie,
        int pid,
        int tid,
        String comm,
        long cgroupId,
        long netns,
        int fd,
        Role role,
        Direction direction,
        int protocol,
        SocketCall call,
        TcpState oldState,
        TcpState newState,
        InetAddress localAddress,
        int localPort,
        InetAddress remoteAddress,
        int remotePort,
        long bytes,
        int srttMicros,
        byte[] payload) {

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelEventRecord r && r.toString().equals(toString()) && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(cookie) * 31 + Long.hashCode(timestampNanos);
    }

    @Override
    public String toString() {
        return "KernelEvent[" + kind + " ts=" + timestampNanos + " cookie=" + cookie + " pid=" + pid + " tid=" + tid
                + " comm=" + comm + " " + Addresses.format(localAddress, localPort) + " -> "
                + Addresses.format(remoteAddress, remotePort) + " " + role + " " + direction + " " + call + " bytes=" + bytes
                + " captured=" + payload.length + (kind == EventKind.DATA ? "" : " " + oldState + "->" + newState) + "]";
    }
}
