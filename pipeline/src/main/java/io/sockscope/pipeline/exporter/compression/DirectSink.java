package io.sockscope.pipeline.exporter.compression;

import java.io.IOException;

/**
 * A stream that lets a writer encode straight into its buffer: a serializer that knows its exact
 * length and can write into an array (protobuf's array encoder) skips the chunked stream encoder
 * and its copies.
 */
public interface DirectSink {
    /** Has {@code encoder} write exactly {@code length} bytes at {@code buffer[offset..offset+length)}. */
    void writeDirect(int length, Encoder encoder) throws IOException;

    @FunctionalInterface
    interface Encoder {
        void encode(byte[] buffer, int offset, int length) throws IOException;
    }
}
