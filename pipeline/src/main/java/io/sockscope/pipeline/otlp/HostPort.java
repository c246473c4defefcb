package io.sockscope.pipeline.otlp;

/**
 * An endpoint as the Collector writes it: {@code host:port}, {@code [::1]:4317}, or {@code :4317}
 * (empty host: every interface, for servers only).
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /** @throws IllegalArgumentException with a message naming what is wrong */
    public static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("endpoint is empty");
        }
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0 || (s.startsWith("[") && colon < s.indexOf(']'))) {
            throw new IllegalArgumentException("'" + text + "' has no port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write IPv6 addresses in brackets, [::1]:4317");
        }
        if (host.contains("/")) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        return new HostPort(host, port);
    }

    /** {@code host:port}, with brackets around an IPv6 host. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
