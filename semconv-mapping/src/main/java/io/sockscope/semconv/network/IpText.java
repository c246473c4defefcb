package io.sockscope.semconv.network;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Addresses as attribute values: IPv4 dotted quads, IPv6 in the canonical RFC 5952 form
 * ({@code ::1}, {@code 2001:db8::1}), which is what users type and what other instrumentations emit;
 * {@link InetAddress#getHostAddress()} would give {@code 0:0:0:0:0:0:0:1}.
 */
public final class IpText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int SLOTS = 1024;
    /**
     * Recently formatted addresses. A span formats two or three (peer, client, server), and they
     * repeat on every exchange of a connection and across connections between the same hosts; the
     * cached text is also a string whose hash is already computed, which the attribute cache then
     * looks up. Formatting afresh was 6% of the reader thread at 18k exchanges/s. Direct-mapped,
     * bounded and lock-free like the attribute cache.
     */
    private static final AtomicReferenceArray<Formatted> RECENT = new AtomicReferenceArray<>(SLOTS);

    private record Formatted(InetAddress address, String text) {
    }

    private IpText() {
    }

    /** The address without brackets or scope, or null for a null address. */
    public static String format(InetAddress address) {
        if (address == null) {
            return null;
        }
        // InetAddress equality is the address alone (no host name, no IPv6 scope), as the text is.
        int hash = address.hashCode() * 0x9E3779B9;
        int slot = hash >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS));
        Formatted recent = RECENT.getAcquire(slot);
        if (recent != null && (recent.address == address || recent.address.equals(address))) {
            return recent.text;
        }
        String text = address instanceof Inet6Address ? formatIpv6(address.getAddress()) : address.getHostAddress();
        RECENT.setRelease(slot, new Formatted(address, text));
        return text;
    }

    /** {@code 10.0.0.1:80}, {@code [::1]:80}, or {@code ?:80} when the address is unknown. */
    public static String hostPort(InetAddress address, int port) {
        if (address == null) {
            return "?:" + port;
        }
        String text = format(address);
        return address instanceof Inet6Address ? "[" + text + "]:" + port : text + ":" + port;
    }

    /** RFC 5952 section 4: lowercase, no leading zeros, the longest run (>= 2) of zero groups as "::". */
    static String formatIpv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            appendHex(sb, groups[i]);
        }
        return sb.toString();
    }

    private static void appendHex(StringBuilder sb, int group) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int nibble = (group >>> shift) & 0xf;
            if (nibble != 0 || started || shift == 0) {
                sb.append(HEX[nibble]);
                started = true;
            }
        }
    }
}
