package io.sockscope.pipeline.exporter.compression;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The three libdeflate calls gzip needs, through the FFM API (Debian's libdeflate0). Heap arrays go
 * to the library as they are: the calls are short, so they run as critical (no copy, no safepoint).
 */
final class LibDeflate {
    private static final int LEVEL = 1;

    private final MethodHandle alloc;
    private final MethodHandle bound;
    private final MethodHandle compress;

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
    }

    /** The library, or null when it cannot be loaded (not installed, native access denied). */
    static LibDeflate load() {
        if (Boolean.getBoolean("sockscope.gzip.zlib")) {
            return null;
        }
        try {
            return new LibDeflate(SymbolLookup.libraryLookup("libdeflate.so.0", Arena.global()));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** A compressor at level 1; never freed: they are pooled for the life of the process. */
    MemorySegment newCompressor() {
        try {
            MemorySegment c = (MemorySegment) alloc.invokeExact(LEVEL);
            if (c.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("libdeflate_alloc_compressor failed");
            }
            return c;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long bound(MemorySegment compressor, int length) {
        try {
            return (long) bound.invokeExact(compressor, (long) length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Compresses {@code in[0..length)} into {@code out}, which holds at least {@link #bound} bytes; returns the size. */
    int compress(MemorySegment compressor, byte[] in, int length, byte[] out) {
        long n;
        try {
            n = (long) compress.invokeExact(compressor, MemorySegment.ofArray(in), (long) length, MemorySegment.ofArray(out), (long) out.length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (n == 0) {
            throw new IllegalStateException("libdeflate: output buffer too small for " + length + " bytes");
        }
        return (int) n;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
