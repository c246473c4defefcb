package io.sockscope.receiver.protocol;

/** What a session waits for, so its connection can be flushed when the wait is over. */
public enum Wait {
    /** Nothing pending: no timer. */
    NOTHING,
    /** A request has no (complete) response yet: flushed after the request timeout. */
    RESPONSE,
    /** A response whose end cannot be framed is running: finished after the quiet time. */
    QUIET
}
