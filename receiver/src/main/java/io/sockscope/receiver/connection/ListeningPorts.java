package io.sockscope.receiver.connection;

/** Which TCP ports have a listening socket, per network namespace: tells accepted sockets whose accept was not seen. */
public interface ListeningPorts {
    enum Answer {
        LISTENING,
        NOT_LISTENING,
        /** The namespace's table could not be read. */
        UNKNOWN
    }

    /**
     * @param netns      network namespace inode of the socket
     * @param pid        a process in that namespace (0 when unknown): its {@code /proc/<pid>/net} is that namespace's view
     * @param port       the socket's local port
     * @param nowNanos   monotonic time, for refreshing
     */
    Answer lookup(long netns, int pid, int port, long nowNanos);

    /** Knows nothing: roles then come from content and direction only. */
    static ListeningPorts none() {
        return (netns, pid, port, now) -> Answer.UNKNOWN;
    }
}
