package io.sockscope.receiver;

/** How an exchange ended. Anything but {@link #COMPLETE} is an error marker. */
public enum Outcome {
    /** A request and its response were both seen. */
    COMPLETE,
    /** No response within the configured timeout. */
    TIMEOUT,
    /** The connection closed before the response was complete. */
    CONNECTION_CLOSED,
    /** A lone message (no reply expected or seen), e.g. a one-way UDP datagram. */
    ONE_WAY
}
