package io.sockscope.receiver.protocol;

/** What the first bytes of a message look like to one protocol. */
public enum Detection {
    /** Not this protocol. */
    NONE,
    /** The start of a request of this protocol (or a prefix of one too short to tell otherwise). */
    REQUEST,
    /** The start of a response of this protocol. */
    RESPONSE,
    /**
     * Too few bytes to tell a request from a response, but they begin like this protocol (a syscall
     * of one or two bytes): good enough to try the parser on either side, not to infer a role.
     */
    MAYBE
}
