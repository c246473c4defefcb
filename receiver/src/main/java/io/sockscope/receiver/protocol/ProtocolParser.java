package io.sockscope.receiver.protocol;

import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.protocol.http1.Http1Parser;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One application protocol: recognises it from the first bytes of a connection and creates the
 * per-connection {@link ProtocolSession} that parses and pairs it. Stateless and shared by all
 * connections. Adding a protocol is one implementation of this interface (in its own package, e.g.
 * {@code protocol.redis}), a constant in {@link Protocol}, and a case in {@link #of(Protocol)}.
 */
public interface ProtocolParser {
    Protocol protocol();

    /**
     * Looks at the first captured bytes of a message (the start of a syscall's payload) without
     * consuming them. Must be cheap: it runs on every new connection and, until something is
     * recognised, at every turn of a connection paired by direction.
     */
    Detection detect(Segment segment);

    /** Per-connection state; {@code sink} receives its exchanges. */
    ProtocolSession newSession(ExchangeSink sink);

    /** The parser of a protocol, or null for {@link Protocol#UNKNOWN} (paired by direction, no parser). */
    static ProtocolParser of(Protocol protocol) {
        return switch (protocol) {
            case HTTP1 -> new Http1Parser();
            case UNKNOWN -> null;
        };
    }

    /** Parsers of the enabled protocols, in the given order (detection tries them in turn). */
    static List<ProtocolParser> of(Collection<Protocol> protocols) {
        List<ProtocolParser> parsers = new ArrayList<>();
        for (Protocol p : protocols) {
            ProtocolParser parser = of(p);
            if (parser != null) {
                parsers.add(parser);
            }
        }
        return List.copyOf(parsers);
    }
}
