package io.sockscope.pipeline.exporter.compression;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * gzip through libdeflate (Debian's libdeflate0): the three calls it needs. Heap arrays go to the
 * library as they are: the calls are short, so they run as critical (no copy, no safepoint).
 */
final class LibDeflate implements NativeGzip {
    private static final int LEVEL = 1;

    private final MethodHandle alloc;
    private final MethodHandle bound;
    private final MethodHandle compress;
    private final MethodHandle free;

    private LibDeflate(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        alloc = linker.downcallHandle(lib.find("libdeflate_alloc_compressor").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        bound = linker.downcallHandle(lib.find("libdeflate_gzip_compress_bound").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        compress = linker.downcallHandle(lib.find("libdeflate_gzip_compress").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                Linker.Option.critical(true));
        free = linker.downcallHandle(lib.find("libdeflate_free_compressor").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    }

    /** The library, or null when it cannot be loaded (not installed, native access denied). */
    static LibDeflate load() {
        return NativeGzip.bind("libdeflate.so.0", LibDeflate::new);
    }

    @Override
    public String name() {
        return "libdeflate";
    }

    @Override
    public Compressor newCompressor() {
        try {
            MemorySegment c = (MemorySegment) alloc.invokeExact(LEVEL);
            if (c.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("libdeflate_alloc_compressor failed");
            }
            return new DeflateCompressor(c);
        } catch (Throwable t) {
            throw NativeGzip.rethrow(t);
        }
    }

    private final class DeflateCompressor implements Compressor {
        private MemorySegment compressor;
        private byte[] out = new byte[0];

        DeflateCompressor(MemorySegment compressor) {
            this.compressor = compressor;
        }

        @Override
        public int compress(byte[] in, int length) {
            long n;
            try {
                int max = (int) Math.min(Integer.MAX_VALUE - 8, (long) bound.invokeExact(compressor, (long) length));
                if (out.length < max) {
                    out = new byte[max];
                }
                n = (long) compress.invokeExact(compressor, MemorySegment.ofArray(in), (long) length,
                        MemorySegment.ofArray(out), (long) out.length);
            } catch (Throwable t) {
                throw NativeGzip.rethrow(t);
            }
            if (n == 0) {
                throw new IllegalStateException("libdeflate: output buffer too small for " + length + " bytes");
            }
            return (int) n;
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
        }

        @Override
        public void close() {
            if (compressor.equals(MemorySegment.NULL)) {
                return;
            }
            try {
                free.invokeExact(compressor);
            } catch (Throwable t) {
                throw NativeGzip.rethrow(t);
            }
            compressor = MemorySegment.NULL;
        }
    }
}
