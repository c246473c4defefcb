package io.sockscope.pipeline.exporter.compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for OTLP exports, at the fastest level. Compressing is the largest single cost of exporting:
 * on an 8192-span batch of HTTP spans (bench/SpanPipelineBench) zlib's level 1, as java.util.zip has
 * it, compresses 240 MB/s, 2.0 µs per span on one core; libdeflate's level 1 does 586 MB/s with 4%
 * fewer bytes, and ISA-L's igzip about three times that with 3% more. So whole requests are
 * compressed at once by a native library through the FFM API, the fastest of those installed
 * ({@link NativeGzip#load()}: Debian's libisal2, then libdeflate0), else by java.util.zip. Receivers
 * see plain gzip either way.
 *
 * <p>Thread-safe. Compressors and buffers are pooled: a native compressor serves one thread at a
 * time, and reusing the buffers keeps a multi-megabyte request from being garbage twice over. The
 * pool is a stack, so the slot used last (warm in cache) serves next, and it keeps at most
 * {@link #MAX_IDLE} idle slots: a burst of concurrent requests (a backend that was slow) makes more,
 * and freeing them when they come back keeps their several megabytes each from staying resident.
 */
public final class Gzip {
    private static final Gzip FASTEST = new Gzip(NativeGzip.load());
    /** Buffers above this are not kept for the next request. */
    private static final int MAX_POOLED = 16 << 20;
    /** Idle slots kept; requests are mostly sent one at a time, a second overlaps a retry or a slow one. */
    static final int MAX_IDLE = 2;

    private final NativeGzip library; // null: java.util.zip
    private final ConcurrentLinkedDeque<Slot> slots = new ConcurrentLinkedDeque<>();

    Gzip(NativeGzip library) {
        this.library = library;
    }

    /** gzip at level 1 by the fastest implementation this host has. */
    public static Gzip fastest() {
        return FASTEST;
    }

    /** What compresses: {@code isa-l}, {@code libdeflate} or {@code zlib} (java.util.zip, when neither library is installed). */
    public String implementation() {
        return library != null ? library.name() : "zlib";
    }

    /**
     * The {@code length} bytes {@code encoder} writes, as one gzip member. They are written into a
     * pooled buffer: a serializer that knows its exact length (protobuf's array encoder) encodes
     * straight into the buffer they are compressed from, with no array of its own per request.
     */
    public byte[] compress(int length, Encoder encoder) throws IOException {
        Slot slot = take();
        try {
            if (slot.in.length < length) {
                slot.in = new byte[length + length / 8]; // the next request is likely a little larger
            }
            encoder.encode(slot.in, 0, length);
            return compressed(slot, length);
        } finally {
            give(slot);
        }
    }

    /** Writes exactly {@code length} bytes at {@code buffer[offset..offset+length)}. */
    @FunctionalInterface
    public interface Encoder {
        void encode(byte[] buffer, int offset, int length) throws IOException;
    }

    /** The slot's {@code in[0..length)} as one gzip member. */
    private static byte[] compressed(Slot slot, int length) {
        if (slot.compressor != null) {
            int n = slot.compressor.compress(slot.in, length);
            return Arrays.copyOf(slot.compressor.output(), n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(slot.in, 0, length);
        } catch (IOException e) {
            throw new IllegalStateException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }

    private Slot take() {
        Slot slot = slots.pollFirst();
        return slot != null ? slot : new Slot(library == null ? null : library.newCompressor());
    }

    private void give(Slot slot) {
        // size() walks the deque, which holds idle slots only: at most MAX_IDLE.
        if (slots.size() >= MAX_IDLE) {
            if (slot.compressor != null) {
                slot.compressor.close();
            }
            return;
        }
        if (slot.in.length > MAX_POOLED) {
            slot.in = new byte[8192];
        }
        if (slot.compressor != null) {
            slot.compressor.trim(MAX_POOLED);
        }
        slots.offerFirst(slot);
    }

    /** Idle slots in the pool (tests). */
    int idleSlots() {
        return slots.size();
    }

    /** A native compressor (null with java.util.zip) and the buffer a request is collected in. */
    private static final class Slot {
        final NativeGzip.Compressor compressor;
        byte[] in = new byte[8192];

        Slot(NativeGzip.Compressor compressor) {
            this.compressor = compressor;
        }
    }
}
