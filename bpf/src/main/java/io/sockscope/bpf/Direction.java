package io.sockscope.bpf;

/** Which way bytes moved, seen from the traced process. Codes mirror {@code enum sockscope_direction}. */
public enum Direction {
    NONE,
    /** Sent by the process: write, send, sendto, sendmsg, writev, sendfile... */
    EGRESS,
    /** Received by the process: read, recv, recvfrom, recvmsg, readv... */
    INGRESS;

    private static final Direction[] BY_CODE = values();

    public static Direction of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : NONE;
    }
}
