package io.sockscope.receiver;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the receiver rebuilds exchanges. Immutable; {@link #defaults()} or {@link #builder()}.
 *
 * @param requestTimeout    a request with no (complete) response after this much silence on its
 *                          connection is emitted as {@link Outcome#TIMEOUT} ({@link Outcome#ONE_WAY} for UDP)
 * @param responseQuietTime a response whose end nothing marks (protocol-independent pairing, or an
 *                          HTTP body whose framing a gap hid) is over after this much silence
 * @param idleTimeout       a connection with no event for this long is forgotten (its close was missed)
 * @param maxConnections    live connections tracked at most; the least recently active is evicted for a new one
 * @param protocols         protocols parsed exactly, tried in their declaration order; any other
 *                          traffic is paired by direction as {@link Protocol#UNKNOWN}
 * @param listenRefresh     how often, at most, a network namespace's listening sockets are re-read
 */
public record ReceiverSettings(
        Duration requestTimeout,
        Duration responseQuietTime,
        Duration idleTimeout,
        int maxConnections,
        Set<Protocol> protocols,
        Duration listenRefresh) {

    /** An upper bound that keeps the table's arrays allocatable. */
    public static final int MAX_CONNECTIONS_LIMIT = 1 << 26;

    public ReceiverSettings {
        positive(requestTimeout, "requestTimeout");
        positive(responseQuietTime, "responseQuietTime");
        positive(idleTimeout, "idleTimeout");
        positive(listenRefresh, "listenRefresh");
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw new IllegalArgumentException("maxConnections must be in 1.." + MAX_CONNECTIONS_LIMIT + ", was "
                    + maxConnections);
        }
        Objects.requireNonNull(protocols, "protocols");
        EnumSet<Protocol> copy = EnumSet.noneOf(Protocol.class);
        copy.addAll(protocols);
        copy.remove(Protocol.UNKNOWN); // always on: it is the fallback
        protocols = Collections.unmodifiableSet(copy);
    }

    public static ReceiverSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().requestTimeout(requestTimeout).responseQuietTime(responseQuietTime)
                .idleTimeout(idleTimeout).maxConnections(maxConnections).protocols(protocols)
                .listenRefresh(listenRefresh);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static final class Builder {
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration responseQuietTime = Duration.ofSeconds(1);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int maxConnections = 65536;
        private Set<Protocol> protocols = EnumSet.of(Protocol.HTTP1);
        private Duration listenRefresh = Duration.ofSeconds(1);

        private Builder() {
        }

        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        public Builder responseQuietTime(Duration v) {
            responseQuietTime = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder protocols(Set<Protocol> v) {
            protocols = v;
            return this;
        }

        public Builder listenRefresh(Duration v) {
            listenRefresh = v;
            return this;
        }

        public ReceiverSettings build() {
            return new ReceiverSettings(requestTimeout, responseQuietTime, idleTimeout, maxConnections, protocols,
                    listenRefresh);
        }
    }
}
