package io.sockscope.semconv.http;

/**
 * The host and port of a {@code Host} header or of a URI authority: {@code example.com},
 * {@code example.com:8080}, {@code [::1]:8080}. User info ({@code user:pass@}) is dropped.
 *
 * @param host the host without brackets; never empty
 * @param port the port, or -1 when absent or not a valid port
 */
public record Authority(String host, int port) {

    /** Returns null when there is no host to speak of (null, blank, or only a port). */
    public static Authority parse(String text) {
        if (text == null) {
            return null;
        }
        int from = text.lastIndexOf('@') + 1;
        int to = text.length();
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        if (from == to) {
            return null;
        }
        String host;
        int portFrom;
        if (text.charAt(from) == '[') {
            int close = text.indexOf(']', from);
            if (close < 0) {
                return null;
            }
            host = text.substring(from + 1, close);
            portFrom = close + 1 < to && text.charAt(close + 1) == ':' ? close + 2 : -1;
        } else {
            int colon = text.lastIndexOf(':', to - 1);
            // More than one colon without brackets is a bare IPv6 address: no port to split off.
            if (colon >= from && text.indexOf(':', from) == colon) {
                host = text.substring(from, colon);
                portFrom = colon + 1;
            } else {
                host = from == 0 && to == text.length() ? text : text.substring(from, to);
                portFrom = -1;
            }
        }
        if (host.isEmpty()) {
            return null;
        }
        return new Authority(host, portFrom < 0 ? -1 : port(text, portFrom, to));
    }

    private static int port(String s, int from, int to) {
        if (from >= to || to - from > 5) {
            return -1;
        }
        int p = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            p = p * 10 + (c - '0');
        }
        return p >= 1 && p <= 65535 ? p : -1;
    }
}
