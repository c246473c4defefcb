package io.sockscope.semconv.otlp;

import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Shares attribute messages among spans whose values repeat: the same peer address, server, path
 * or user agent on thousands of spans. A span's attributes are most of its objects; shared ones are
 * neither allocated again nor kept once per span while it waits in a batch (1,158 bytes retained per
 * HTTP span before, the young collections' survivors being most of the span pipeline's GC time), and
 * protobuf computes a shared message's size once.
 *
 * <p>Direct-mapped and bounded: a value that does not repeat takes one slot from another and costs a
 * lookup. Thread-safe without locks: slots are published with release/acquire, and messages are
 * immutable.
 */
public final class AttributeCache {
    private static final int DEFAULT_SLOTS = 4096;

    /*
     * A slot holds the key and value the attribute was made from, compared on lookup instead of the
     * message's fields, which are UTF-8 bytes (KeyValues) and would be decoded to compare. Integers
     * have their own table: peer ports of short connections rarely repeat, and in a shared table
     * they evicted the addresses and paths that do.
     */
    private record Text(String key, String value, KeyValue kv) {
    }

    private record Int(String key, long value, KeyValue kv) {
    }

    private final AtomicReferenceArray<Text> texts;
    private final AtomicReferenceArray<Int> ints;
    private final int mask;

    public AttributeCache() {
        this(DEFAULT_SLOTS);
    }

    /** @param slots per table (strings, integers), a power of two */
    public AttributeCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.texts = new AtomicReferenceArray<>(slots);
        this.ints = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
    }

    /** The string attribute {@code key = value}, shared with earlier spans when it is still cached. */
    public KeyValue of(String key, String value) {
        int i = slot(key.hashCode() * 31 + value.hashCode());
        Text t = texts.getAcquire(i);
        if (t != null && t.key.equals(key) && t.value.equals(value)) {
            return t.kv;
        }
        KeyValue kv = KeyValues.of(key, value);
        texts.setRelease(i, new Text(key, value, kv));
        return kv;
    }

    /** The integer attribute {@code key = value}, shared with earlier spans when it is still cached. */
    public KeyValue of(String key, long value) {
        int i = slot(key.hashCode() * 31 + Long.hashCode(value));
        Int n = ints.getAcquire(i);
        if (n != null && n.key.equals(key) && n.value == value) {
            return n.kv;
        }
        KeyValue kv = KeyValues.of(key, value);
        ints.setRelease(i, new Int(key, value, kv));
        return kv;
    }

    private int slot(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }
}
