package io.sockscope.receiver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count written by the reader thread only and read by anyone (telemetry). A single writer needs no
 * atomic read-modify-write: a plain read and an opaque write (a plain store on x86) publish the value
 * without the fence a volatile write costs on every event.
 */
public final class ReaderCounter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(ReaderCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Reader thread only. */
    public void increment() {
        VALUE.setOpaque(this, (long) VALUE.get(this) + 1);
    }

    /** Reader thread only. */
    public void add(long n) {
        VALUE.setOpaque(this, (long) VALUE.get(this) + n);
    }

    /** Any thread. */
    public long get() {
        return (long) VALUE.getOpaque(this);
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}
