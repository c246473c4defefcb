package io.sockscope.receiver.protocol;

/**
 * Bytes that cannot be the protocol a session parses. Thrown inside parsers and caught by the
 * assembler, which counts it and pairs the rest of the connection by direction. Stackless: garbage
 * on a socket is an input, not a bug.
 */
public final class ProtocolViolation extends RuntimeException {
    private final int offset;

    /**
     * @param offset position in the current segment from which bytes were not accounted to any
     *               message: the fallback pairing takes them over from there
     */
    public ProtocolViolation(String reason, int offset) {
        super(reason, null, false, false);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
