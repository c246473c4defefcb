package io.sockscope.pipeline.connector.servicegraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Half edges waiting for their other half, as the Collector's servicegraph store: at most
 * {@code maxItems}, each for at most {@code ttl}. A half edge is found by any of its keys; keys that
 * do not identify one request (a connection, a port) also need the two spans' times to fit.
 *
 * <p>Not thread-safe: the connector holds its lock around every call.
 */
final class EdgeStore {
    /** What happened to a half edge offered to the store. */
    enum Outcome { PAIRED, STORED, DROPPED }

    interface Listener {
        void paired(HalfEdge client, HalfEdge server);

        void expired(HalfEdge half);
    }

    private static final class Entry {
        final HalfEdge half;
        final long expiresAt;

        Entry(HalfEdge half, long expiresAt) {
            this.half = half;
            this.expiresAt = expiresAt;
        }
    }

    private final long ttlNanos;
    private final int maxItems;
    private final Listener listener;
    /** Oldest first; identity-based, so removal by pairing is O(1). */
    private final LinkedHashSet<Entry> byAge = new LinkedHashSet<>();
    private final Map<Object, List<Entry>> index = new HashMap<>();

    EdgeStore(long ttlNanos, int maxItems, Listener listener) {
        this.ttlNanos = ttlNanos;
        this.maxItems = maxItems;
        this.listener = listener;
    }

    int size() {
        return byAge.size();
    }

    /** Pairs {@code half} with a waiting other half, or stores it (expired ones make room first), or drops it when full. */
    Outcome offer(HalfEdge half, long nowNanos) {
        Entry partner = partner(half);
        if (partner != null) {
            remove(partner);
            if (half.side() == HalfEdge.Side.CLIENT) {
                listener.paired(half, partner.half);
            } else {
                listener.paired(partner.half, half);
            }
            return Outcome.PAIRED;
        }
        if (byAge.size() >= maxItems) {
            expire(nowNanos);
            if (byAge.size() >= maxItems) {
                return Outcome.DROPPED;
            }
        }
        Entry e = new Entry(half, nowNanos + ttlNanos);
        byAge.add(e);
        for (Object key : half.keys()) {
            index.computeIfAbsent(key, k -> new ArrayList<>(1)).add(e);
        }
        return Outcome.STORED;
    }

    /** Removes the half edges whose time is up, telling the listener of each. */
    void expire(long nowNanos) {
        Iterator<Entry> it = byAge.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.expiresAt > nowNanos) {
                return;
            }
            it.remove();
            unindex(e);
            listener.expired(e.half);
        }
    }

    private Entry partner(HalfEdge half) {
        for (Object key : half.keys()) {
            List<Entry> waiting = index.get(key);
            if (waiting == null) {
                continue;
            }
            for (Entry e : waiting) {
                if (e.half.side() != half.side() && fits(key, half, e.half)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static boolean fits(Object key, HalfEdge a, HalfEdge b) {
        HalfEdge client = a.side() == HalfEdge.Side.CLIENT ? a : b;
        HalfEdge server = a.side() == HalfEdge.Side.CLIENT ? b : a;
        return switch (key) {
            case HalfEdge.IdKey k -> true;
            // Same connection: overlapping times tell the requests of a kept-alive connection apart.
            case HalfEdge.TupleKey k -> client.startNanos() <= server.endNanos() && server.startNanos() <= client.endNanos();
            // Only a port: the client must wait for the whole server span, and when both sides know their
            // connection, the connection decides.
            case HalfEdge.PortKey k -> !(client.hasTuple() && server.hasTuple())
                    && client.startNanos() <= server.startNanos() && server.endNanos() <= client.endNanos();
            default -> false;
        };
    }

    private void remove(Entry e) {
        byAge.remove(e);
        unindex(e);
    }

    private void unindex(Entry e) {
        for (Object key : e.half.keys()) {
            List<Entry> list = index.get(key);
            if (list != null) {
                list.remove(e);
                if (list.isEmpty()) {
                    index.remove(key);
                }
            }
        }
    }
}
