package io.sockscope.bpf;

/** Offsets of {@code struct sockscope_event} (see {@code sockscope.h}); change both together. */
public final class EventLayout {
    public static final int TS_NS = 0;
    public static final int COOKIE = 8;
    public static final int CGROUP_ID = 16;
    public static final int BYTES = 24;
    public static final int PID = 32;
    public static final int TID = 36;
    public static final int NETNS = 40;
    public static final int CAPTURED = 44;
    public static final int FD = 48;
    public static final int KIND = 52;
    public static final int ROLE = 53;
    public static final int DIRECTION = 54;
    public static final int FAMILY = 55;
    public static final int PROTOCOL = 56;
    public static final int CALL = 57;
    public static final int OLD_STATE = 58;
    public static final int NEW_STATE = 59;
    public static final int LPORT = 60;
    public static final int RPORT = 62;
    public static final int LADDR = 64;
    public static final int RADDR = 80;
    public static final int COMM = 96;
    public static final int FLAGS = 112;
    public static final int SRTT_US = 116;
    public static final int HEADER_SIZE = 128;

    /** Largest payload prefix an event can carry ({@code SOCKSCOPE_MAX_CAPTURE}). */
    public static final int MAX_CAPTURE = 16384;

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;

    private EventLayout() {
    }
}
