package io.sockscope.bpf;

/** Linux TCP states ({@code include/net/tcp_states.h}), as reported by {@code inet_sock_set_state}. */
public enum TcpState {
    NONE, ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING,
    NEW_SYN_RECV, BOUND_INACTIVE;

    private static final TcpState[] BY_CODE = values();

    public static TcpState of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : NONE;
    }
}
