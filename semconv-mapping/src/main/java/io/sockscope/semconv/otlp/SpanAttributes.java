package io.sockscope.semconv.otlp;

import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The attributes of the span being mapped, collected before they go to the span builder in one
 * {@code addAllAttributes}, which sizes the span's list exactly. Added one at a time, the builder's
 * list grows from 10 to 15 slots for a typical HTTP span: the copies were a fifth of the bytes the
 * mapping allocated. Reused by one thread at a time; add-only, then {@link #clear()}.
 */
public final class SpanAttributes extends AbstractList<KeyValue> implements RandomAccess {
    private KeyValue[] items = new KeyValue[16];
    private int size;

    @Override
    public boolean add(KeyValue kv) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = Objects.requireNonNull(kv, "kv");
        return true;
    }

    @Override
    public KeyValue get(int index) {
        Objects.checkIndex(index, size);
        return items[index];
    }

    @Override
    public int size() {
        return size;
    }

    /** Empties it, dropping the references, so a reused one keeps no span's attributes alive. */
    @Override
    public void clear() {
        Arrays.fill(items, 0, size, null);
        size = 0;
    }
}
