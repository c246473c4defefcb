package io.sockscope.pipeline.exporter.otlp;

import io.grpc.Codec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * The {@code gzip} message encoding for requests that {@link io.sockscope.pipeline.exporter.compression.RequestBody}
 * gzipped already (level 1, by libdeflate or ISA-L when the host has them): gRPC marks the message
 * compressed and names the encoding, and this passes its bytes through. Compressing in gRPC's codec
 * instead would compress again on every retry and keep the batch's objects alive until then.
 * Responses are decompressed as usual.
 */
final class PrecompressedGzip implements Codec {
    @Override
    public String getMessageEncoding() {
        return "gzip";
    }

    @Override
    public OutputStream compress(OutputStream os) {
        return new FilterOutputStream(os) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // FilterOutputStream's own writes byte by byte
            }
        };
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
        return new GZIPInputStream(is);
    }
}
