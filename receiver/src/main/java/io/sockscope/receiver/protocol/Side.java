package io.sockscope.receiver.protocol;

/**
 * Which half of an exchange bytes belong to, whatever the role of the socket that moved them:
 * requests go from the client to the server, responses back.
 */
public enum Side {
    REQUEST,
    RESPONSE;

    public Side other() {
        return this == REQUEST ? RESPONSE : REQUEST;
    }
}
