package io.sockscope.bpf;

/** What a {@link KernelEvent} reports. Codes mirror {@code enum sockscope_event_kind}. */
public enum EventKind {
    /** Bytes sent or received on a socket by a task. */
    DATA(1),
    /** A TCP connect (SYN_SENT), seen in the connecting task's context. */
    CONNECT(2),
    /** An accepted TCP connection became established (softirq: no task). */
    ACCEPT(3),
    /** A TCP connection reached CLOSE. */
    CLOSE(4),
    /** Any other TCP state change. */
    STATE(5),
    /** A TCP segment was retransmitted. */
    RETRANSMIT(6),
    /** A TCP reset was received (ingress) or sent (egress). */
    RESET(7),
    UNKNOWN(0);

    private static final EventKind[] BY_CODE = new EventKind[8];

    static {
        for (EventKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    private final int code;

    EventKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static EventKind of(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNKNOWN;
    }
}
