package io.sockscope.bpf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address conversions shared by the event views. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Turns 16 raw bytes of an event into an address: IPv4 from the first four bytes for AF_INET,
     * IPv4 for IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}), else IPv6. Returns null for an all-zero
     * address (unknown).
     */
    public static InetAddress toInetAddress(int family, byte[] raw16) {
        try {
            if (family == EventLayout.AF_INET) {
                if (raw16[0] == 0 && raw16[1] == 0 && raw16[2] == 0 && raw16[3] == 0) {
                    return null;
                }
                return InetAddress.getByAddress(new byte[] {raw16[0], raw16[1], raw16[2], raw16[3]});
            }
            boolean zero = true;
            for (byte b : raw16) {
                zero &= b == 0;
            }
            if (zero) {
                return null;
            }
            // getByAddress already maps ::ffff:a.b.c.d to an Inet4Address.
            InetAddress a = InetAddress.getByAddress(raw16.clone());
            return a instanceof Inet6Address v6 ? Inet6Address.getByAddress(null, v6.getAddress(), null) : a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length", e);
        }
    }

    /** {@code 127.0.0.1:80}, {@code [::1]:80}, or {@code ?:port} when the address is unknown. */
    public static String format(InetAddress address, int port) {
        if (address == null) {
            return "?:" + port;
        }
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
