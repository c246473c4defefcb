package io.sockscope.pipeline.exporter.compression;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * gzip through ISA-L's igzip (Debian's libisal2), stateless: one call compresses a whole request. On
 * the 8192-span request of bench/SpanPipelineBench its level 1 is about three times as fast as
 * libdeflate's level 1, for 3% more bytes.
 *
 * <p>The call takes a {@code struct isal_zstream} whose public fields point at the buffers, so input
 * and output live in native memory: a request is copied in and its member copied out (about a tenth
 * of the time compressing takes). The calls are ordinary downcalls, so a collection need not wait for
 * a compression to finish.
 */
final class IsaL implements NativeGzip {
    /*
     * struct isal_zstream (igzip_lib.h): its public fields and their offsets on LP64, unchanged since
     * ISA-L 2.0. The private state that follows made the struct 82,384 bytes in 2.30; twice that is
     * allocated so that a later 2.x with a larger state cannot write past it.
     */
    private static final long NEXT_IN = 0;
    private static final long AVAIL_IN = 8;
    private static final long NEXT_OUT = 16;
    private static final long AVAIL_OUT = 24;
    private static final long TOTAL_OUT = 28;
    private static final long LEVEL = 40;
    private static final long LEVEL_BUF_SIZE = 44;
    private static final long LEVEL_BUF = 48;
    private static final long END_OF_STREAM = 56;
    private static final long GZIP_FLAG = 60;
    private static final long STREAM_SIZE = 2 * 82_384;
    /** ISAL_DEF_LVL1_DEFAULT: the work area level 1 needs. */
    private static final int LEVEL_1_BUFFER = 282_624;
    /** IGZIP_GZIP: a gzip header and trailer around the deflate stream. */
    private static final short GZIP = 1;
    private static final int COMP_OK = 0;
    private static final int STATELESS_OVERFLOW = -1;

    private final MethodHandle init;
    private final MethodHandle deflate;

    private IsaL(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        init = linker.downcallHandle(lib.find("isal_deflate_stateless_init").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        deflate = linker.downcallHandle(lib.find("isal_deflate_stateless").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

    /** The library, or null when it cannot be loaded (not installed, native access denied). */
    static IsaL load() {
        return NativeGzip.bind("libisal.so.2", IsaL::new);
    }

    @Override
    public String name() {
        return "isa-l";
    }

    @Override
    public Compressor newCompressor() {
        return new IgzipCompressor();
    }

    private final class IgzipCompressor implements Compressor {
        /** Freed by {@link #close()}; the buffers are freed when replaced. */
        private final Arena arena = Arena.ofShared();
        private final MemorySegment stream = arena.allocate(STREAM_SIZE, 64);
        private final MemorySegment levelBuffer = arena.allocate(LEVEL_1_BUFFER, 64);
        private final Buffer nativeIn = new Buffer();
        private final Buffer nativeOut = new Buffer();
        private byte[] out = new byte[0];

        @Override
        public int compress(byte[] in, int length) {
            nativeIn.ensure(Math.max(length, 8192));
            MemorySegment.copy(in, 0, nativeIn.segment, ValueLayout.JAVA_BYTE, 0, length);
            // Incompressible input is stored: 5 bytes per 64 KiB block, plus the gzip header and trailer.
            long capacity = length + (length >> 6) + 1024;
            for (int attempt = 0; attempt < 2; attempt++, capacity *= 2) {
                nativeOut.ensure(capacity);
                int rc = deflate(length);
                if (rc == COMP_OK) {
                    int n = stream.get(ValueLayout.JAVA_INT, TOTAL_OUT);
                    if (out.length < n) {
                        out = new byte[n];
                    }
                    MemorySegment.copy(nativeOut.segment, ValueLayout.JAVA_BYTE, 0, out, 0, n);
                    return n;
                }
                if (rc != STATELESS_OVERFLOW) {
                    throw new IllegalStateException("isal_deflate_stateless failed: " + rc);
                }
            }
            throw new IllegalStateException("isa-l: output buffer too small for " + length + " bytes");
        }

        private int deflate(int length) {
            try {
                init.invokeExact(stream);
                stream.set(ValueLayout.ADDRESS, NEXT_IN, nativeIn.segment);
                stream.set(ValueLayout.JAVA_INT, AVAIL_IN, length);
                stream.set(ValueLayout.ADDRESS, NEXT_OUT, nativeOut.segment);
                stream.set(ValueLayout.JAVA_INT, AVAIL_OUT, (int) Math.min(Integer.MAX_VALUE, nativeOut.segment.byteSize()));
                stream.set(ValueLayout.JAVA_INT, LEVEL, 1);
                stream.set(ValueLayout.JAVA_INT, LEVEL_BUF_SIZE, LEVEL_1_BUFFER);
                stream.set(ValueLayout.ADDRESS, LEVEL_BUF, levelBuffer);
                stream.set(ValueLayout.JAVA_SHORT, END_OF_STREAM, (short) 1);
                stream.set(ValueLayout.JAVA_SHORT, GZIP_FLAG, GZIP);
                return (int) deflate.invokeExact(stream);
            } catch (Throwable t) {
                throw NativeGzip.rethrow(t);
            }
        }

        @Override
        public byte[] output() {
            return out;
        }

        @Override
        public void trim(int maxBytes) {
            if (out.length > maxBytes) {
                out = new byte[0];
            }
            nativeIn.trim(maxBytes);
            nativeOut.trim(maxBytes);
        }

        @Override
        public void close() {
            nativeIn.free();
            nativeOut.free();
            arena.close();
        }
    }

    /** Native memory of at least a size, in its own arena so that growing it frees the old one at once. */
    private static final class Buffer {
        private Arena arena;
        MemorySegment segment = MemorySegment.NULL;

        void ensure(long size) {
            if (segment.byteSize() < size) {
                long grown = Math.max(size, segment.byteSize() + (segment.byteSize() >> 1)); // batches vary a little
                free();
                arena = Arena.ofShared();
                segment = arena.allocate(grown, 64);
            }
        }

        void trim(long maxBytes) {
            if (segment.byteSize() > maxBytes) {
                free();
            }
        }

        void free() {
            if (arena != null) {
                arena.close();
                arena = null;
                segment = MemorySegment.NULL;
            }
        }
    }
}
