package io.sockscope.pipeline.exporter.otlp;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An OTLP method whose requests are sent as the bytes {@link io.sockscope.pipeline.exporter.compression.RequestBody}
 * encoded, in one write into gRPC's framer; responses are parsed by the method's own marshaller.
 */
final class EncodedRequests implements MethodDescriptor.Marshaller<byte[]> {
    private static final EncodedRequests INSTANCE = new EncodedRequests();

    private EncodedRequests() {
    }

    static <Q, R> MethodDescriptor<byte[], R> of(MethodDescriptor<Q, R> method) {
        return method.toBuilder(INSTANCE, method.getResponseMarshaller()).build();
    }

    @Override
    public InputStream stream(byte[] request) {
        return new Bytes(request);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("reading a request failed", e);
        }
    }

    /** gRPC learns the length from {@link KnownLength} and drains the array in one write. */
    private static final class Bytes extends ByteArrayInputStream implements Drainable, KnownLength {
        Bytes(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            return (int) transferTo(target);
        }
    }
}
