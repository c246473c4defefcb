package io.sockscope.pipeline.exporter.compression;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.function.Function;

/**
 * A native library that writes a gzip member from a whole buffer in one call, loaded through the FFM
 * API. {@link Gzip} takes the fastest one the host has and falls back to java.util.zip without one.
 */
sealed interface NativeGzip permits IsaL, LibDeflate {
    /** What {@link Gzip#implementation()} reports: {@code isa-l}, {@code libdeflate}. */
    String name();

    /** A compressor with its own state and output buffer, native memory until {@link Compressor#close()}. */
    Compressor newCompressor();

    /** Serves one thread at a time. */
    interface Compressor extends AutoCloseable {
        /** Compresses {@code in[0..length)} at level 1 into {@link #output()}; returns the member's size. */
        int compress(byte[] in, int length);

        /** The last member written, in {@code output()[0..size)}. */
        byte[] output();

        /** Drops buffers larger than {@code maxBytes} so that a pooled compressor does not hold them. */
        void trim(int maxBytes);

        /** Frees its native memory now; the compressor is not used again. */
        @Override
        void close();
    }

    /**
     * The library the system property {@code sockscope.gzip} names ({@code isa-l}, {@code libdeflate},
     * {@code zlib}), else the fastest one installed; null means java.util.zip.
     */
    static NativeGzip load() {
        String wanted = System.getProperty("sockscope.gzip", "");
        return switch (wanted) {
            case "zlib" -> null;
            case "libdeflate" -> LibDeflate.load();
            case "isa-l" -> IsaL.load();
            default -> {
                NativeGzip isal = IsaL.load();
                yield isal != null ? isal : LibDeflate.load();
            }
        };
    }

    /**
     * {@code binding} over the shared library {@code soname}, or null when it cannot be loaded or
     * bound (not installed, a symbol missing, native access denied).
     */
    static <T extends NativeGzip> T bind(String soname, Function<SymbolLookup, T> binding) {
        try {
            return binding.apply(SymbolLookup.libraryLookup(soname, Arena.global()));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** A downcall's checked throwable as an unchecked one; errors pass through. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
