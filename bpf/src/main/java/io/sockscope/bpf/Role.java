package io.sockscope.bpf;

/** Which end of a connection a socket is. Codes mirror {@code enum sockscope_role}. */
public enum Role {
    UNKNOWN,
    /** It connected (connect = client). */
    CLIENT,
    /** It accepted (accept = server). */
    SERVER;

    private static final Role[] BY_CODE = values();

    public static Role of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
