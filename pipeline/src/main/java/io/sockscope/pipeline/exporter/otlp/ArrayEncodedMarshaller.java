package io.sockscope.pipeline.exporter.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.sockscope.pipeline.exporter.compression.DirectSink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a request with protobuf's array encoder instead of its stream encoder: straight into the
 * buffer gzip collects the request in ({@link DirectSink}), else into one array handed to gRPC in a
 * single write. The stream encoder that gRPC's own marshaller drives writes 4 KiB chunks with a
 * bounds check per field: on an 8192-span request it took 380 ns per span where the array encoder
 * takes 262. Parsing (a server's side) stays with gRPC's marshaller.
 */
final class ArrayEncodedMarshaller<T extends MessageLite> implements MethodDescriptor.Marshaller<T> {
    private final MethodDescriptor.Marshaller<T> parser;

    private ArrayEncodedMarshaller(MethodDescriptor.Marshaller<T> parser) {
        this.parser = parser;
    }

    /** {@code method} with its requests written by this marshaller (and parsed by its own). */
    static <Q extends MessageLite, R> MethodDescriptor<Q, R> requestsOf(MethodDescriptor<Q, R> method) {
        return method.toBuilder(new ArrayEncodedMarshaller<>(method.getRequestMarshaller()), method.getResponseMarshaller()).build();
    }

    @Override
    public InputStream stream(T message) {
        return new Encoded(message);
    }

    @Override
    public T parse(InputStream stream) {
        return parser.parse(stream);
    }

    /** The message until it is drained; read byte by byte (gRPC does not, here) it is encoded first. */
    private static final class Encoded extends InputStream implements Drainable, KnownLength {
        private MessageLite message;
        private ByteArrayInputStream bytes;

        Encoded(MessageLite message) {
            this.message = message;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            if (message == null) {
                return bytes == null ? 0 : (int) bytes.transferTo(target);
            }
            MessageLite m = message;
            message = null;
            int size = m.getSerializedSize();
            if (target instanceof DirectSink sink) {
                sink.writeDirect(size, (buffer, offset, length) -> encode(m, buffer, offset, length));
            } else {
                byte[] buffer = new byte[size];
                encode(m, buffer, 0, size);
                target.write(buffer);
            }
            return size;
        }

        private static void encode(MessageLite m, byte[] buffer, int offset, int length) throws IOException {
            CodedOutputStream out = CodedOutputStream.newInstance(buffer, offset, length);
            m.writeTo(out);
            out.checkNoSpaceLeft();
        }

        @Override
        public int available() {
            if (message != null) {
                return message.getSerializedSize();
            }
            return bytes == null ? 0 : bytes.available();
        }

        @Override
        public int read() {
            return toBytes().read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return toBytes().read(b, off, len);
        }

        private ByteArrayInputStream toBytes() {
            if (bytes == null) {
                bytes = new ByteArrayInputStream(message == null ? new byte[0] : message.toByteArray());
                message = null;
            }
            return bytes;
        }
    }
}
