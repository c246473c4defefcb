package io.sockscope.semconv.tracecontext;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import java.util.concurrent.ThreadLocalRandom;

/** Trace and span ids as OTLP bytes: 16 and 8 bytes, big-endian, never all zeros. */
public final class SpanIds {
    private SpanIds() {
    }

    public static ByteString randomTraceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high;
        long low;
        do {
            high = r.nextLong();
            low = r.nextLong();
        } while ((high | low) == 0);
        return traceId(high, low);
    }

    public static ByteString randomSpanId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long id;
        do {
            id = r.nextLong();
        } while (id == 0);
        return spanId(id);
    }

    public static ByteString traceId(long high, long low) {
        byte[] b = new byte[16];
        put(b, 0, high);
        put(b, 8, low);
        // The array never escapes: wrapping it saves the copy ByteString.copyFrom would make.
        return UnsafeByteOperations.unsafeWrap(b);
    }

    public static ByteString spanId(long id) {
        byte[] b = new byte[8];
        put(b, 0, id);
        return UnsafeByteOperations.unsafeWrap(b);
    }

    private static void put(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }
}
