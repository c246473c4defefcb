package io.sockscope.semconv.metrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.sockscope.receiver.l4.L4Connection;
import io.sockscope.semconv.network.IpText;
import io.sockscope.semconv.otlp.KeyValues;

import java.net.InetAddress;
import java.util.List;

/**
 * TCP metrics per process (the resource) and peer, from the kernel's tracepoints. The semantic
 * conventions have no per-peer TCP metrics (their {@code system.network.*} ones are per host and
 * interface), so these are namespaced {@code sockscope.tcp.*}, with semconv attribute names:
 *
 * <ul>
 *   <li>{@value #IO_NAME} (By, counter) with {@code network.io.direction} = {@code transmit}/{@code receive};</li>
 *   <li>{@value #OPENED_NAME}, {@value #CLOSED_NAME}, {@value #REFUSED_NAME}, {@value #RESET_NAME}
 *       ({connection}, counters): established, closed after being established, connects that failed
 *       (reset in SYN_SENT or SYN_SENT to CLOSE), and connections reset afterwards;</li>
 *   <li>{@value #RETRANSMITS_NAME} ({segment}, counter);</li>
 *   <li>{@value #RTT_NAME} (s, histogram): the kernel's smoothed RTT of each connection, one sample per
 *       connection per export interval in which it was active;</li>
 *   <li>{@value #CONNECT_DURATION_NAME} (s, histogram): SYN_SENT to ESTABLISHED of client connections.</li>
 * </ul>
 * Attributes: {@code network.peer.address} (the other end's IP), {@code server.port} (the server's
 * port of the connection, so a server's many ephemeral client ports fold into one series) and
 * {@value #ROLE} ({@code client}/{@code server}, left out when unknown). Stateless and thread-safe.
 */
public final class L4Metrics {
    public static final String IO_NAME = "sockscope.tcp.io";
    public static final String OPENED_NAME = "sockscope.tcp.connection.opened";
    public static final String CLOSED_NAME = "sockscope.tcp.connection.closed";
    public static final String REFUSED_NAME = "sockscope.tcp.connection.refused";
    public static final String RESET_NAME = "sockscope.tcp.connection.reset";
    public static final String RETRANSMITS_NAME = "sockscope.tcp.retransmits";
    public static final String RTT_NAME = "sockscope.tcp.rtt";
    public static final String CONNECT_DURATION_NAME = "sockscope.tcp.connect.duration";
    /** Which end of the connection the process is: {@code client} (it connected) or {@code server} (it accepted). */
    public static final String ROLE = "sockscope.tcp.role";

    /** 50 µs to 10 s: loopback RTTs are tens of microseconds, WAN ones tens of milliseconds. */
    public static final double[] LATENCY_BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 10};

    public static final MetricSpec IO = MetricSpec.counter(IO_NAME, "Bytes sent and received on TCP connections.", "By");
    public static final MetricSpec OPENED = MetricSpec.counter(OPENED_NAME, "TCP connections established.", "{connection}");
    public static final MetricSpec CLOSED = MetricSpec.counter(CLOSED_NAME, "Established TCP connections closed.", "{connection}");
    public static final MetricSpec REFUSED = MetricSpec.counter(REFUSED_NAME,
            "TCP connects that failed: reset in SYN_SENT, or closed without being established.", "{connection}");
    public static final MetricSpec RESET = MetricSpec.counter(RESET_NAME,
            "Established TCP connections that sent or received a reset.", "{connection}");
    public static final MetricSpec RETRANSMITS = MetricSpec.counter(RETRANSMITS_NAME, "TCP segments retransmitted.", "{segment}");
    public static final MetricSpec RTT = MetricSpec.histogram(RTT_NAME,
            "Smoothed round-trip time of TCP connections, as the kernel estimates it.", "s", LATENCY_BUCKETS);
    public static final MetricSpec CONNECT_DURATION = MetricSpec.histogram(CONNECT_DURATION_NAME,
            "Time from SYN_SENT to ESTABLISHED of outgoing TCP connections.", "s", LATENCY_BUCKETS);

    public static final List<MetricSpec> ALL = List.of(IO, OPENED, CLOSED, REFUSED, RESET, RETRANSMITS, RTT, CONNECT_DURATION);

    public static final KeyValue DIRECTION_TRANSMIT = KeyValues.of("network.io.direction", "transmit");
    public static final KeyValue DIRECTION_RECEIVE = KeyValues.of("network.io.direction", "receive");
    private static final KeyValue ROLE_CLIENT = KeyValues.of(ROLE, "client");
    private static final KeyValue ROLE_SERVER = KeyValues.of(ROLE, "server");

    private L4Metrics() {
    }

    /** The peer attributes of a connection, in a fixed order. */
    public static List<KeyValue> attributes(L4Connection c) {
        InetAddress peer = c.remoteAddress();
        String address = peer == null ? null : IpText.format(peer);
        int port = c.serverPort();
        KeyValue role = switch (c.role()) {
            case CLIENT -> ROLE_CLIENT;
            case SERVER -> ROLE_SERVER;
            case UNKNOWN -> null;
        };
        KeyValue[] kvs = new KeyValue[3];
        int n = 0;
        if (address != null) {
            kvs[n++] = KeyValues.of("network.peer.address", address);
        }
        if (port > 0) {
            kvs[n++] = KeyValues.of("server.port", port);
        }
        if (role != null) {
            kvs[n++] = role;
        }
        return List.of(java.util.Arrays.copyOf(kvs, n));
    }

    /** {@code attributes} plus a direction, for {@value #IO_NAME}. */
    public static List<KeyValue> withDirection(List<KeyValue> attributes, KeyValue direction) {
        KeyValue[] kvs = attributes.toArray(new KeyValue[attributes.size() + 1]);
        kvs[attributes.size()] = direction;
        return List.of(kvs);
    }
}
