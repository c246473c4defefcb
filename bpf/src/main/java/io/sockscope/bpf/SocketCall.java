package io.sockscope.bpf;

/**
 * The system call that moved the bytes of a {@link EventKind#DATA} event. Codes mirror
 * {@code enum sockscope_call}. {@link #OTHER}, {@link #SENDFILE} and {@link #SPLICE} carry a byte
 * count but never a payload: there is no user buffer to read.
 */
public enum SocketCall {
    OTHER, READ, WRITE, READV, WRITEV, RECVFROM, SENDTO, RECVMSG, SENDMSG, RECVMMSG, SENDMMSG, SENDFILE, SPLICE;

    private static final SocketCall[] BY_CODE = values();

    public static SocketCall of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }
}
