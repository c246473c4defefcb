package io.sockscope.receiver.l4;

/** Receives what happened on connections. Called from the reader thread only. */
@FunctionalInterface
public interface L4Listener {
    /**
     * A connection with something new since its last report: called by {@link L4Tracker#flush} and
     * when the connection closes or is evicted. The view is valid during this call only.
     */
    void onReport(L4Connection connection);
}
