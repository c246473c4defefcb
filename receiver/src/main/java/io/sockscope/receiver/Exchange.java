package io.sockscope.receiver;

import io.sockscope.bpf.Role;

/**
 * One request with its response (or a lone message) on one connection, seen from one process.
 *
 * <p>Times are wall-clock nanoseconds since the epoch, taken by the probes: the request runs from
 * its first to its last byte, the response likewise. For a server the span is first request byte
 * to last response byte; for a client, first request byte to last response byte too. Response
 * times are 0 when no response was seen.
 *
 * @param connectionId socket cookie: unique per socket for the life of the host
 * @param local        this process's end
 * @param remote       the peer's end
 */
public record Exchange(
        long connectionId,
        Role role,
        Protocol protocol,
        Endpoint local,
        Endpoint remote,
        int transport,
        int pid,
        int tid,
        long cgroupId,
        long netns,
        ProcessInfo process,
        long requestStartNanos,
        long requestEndNanos,
        long responseStartNanos,
        long responseEndNanos,
        long requestBytes,
        long responseBytes,
        Outcome outcome,
        ProtocolDetails details) {

    /** The server's end: local for a server, remote for a client. */
    public Endpoint server() {
        return role == Role.CLIENT ? remote : local;
    }

    /** The client's end: remote for a server, local for a client. */
    public Endpoint client() {
        return role == Role.CLIENT ? local : remote;
    }

    public long startNanos() {
        return requestStartNanos;
    }

    /** Last byte of the response, else last byte of the request. */
    public long endNanos() {
        return responseEndNanos != 0 ? responseEndNanos : requestEndNanos;
    }
}
