package io.sockscope.semconv.network;

/** IP protocol numbers of {@code Exchange.transport()} as {@code network.transport} values. */
public final class Transports {
    public static final int TCP = 6;
    public static final int UDP = 17;

    private Transports() {
    }

    /** {@code tcp}, {@code udp}, or null for a transport semconv has no name for. */
    public static String name(int ipProtocol) {
        return switch (ipProtocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            default -> null;
        };
    }
}
