package io.sockscope.pipeline.exporter.compression;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;

import java.io.IOException;

/**
 * An OTLP export request as it goes on the wire, over gRPC or HTTP: its protobuf bytes, gzipped when
 * the exporter compresses. Encoded once per batch, so that retries send the same bytes and the
 * batch's objects are garbage while they travel.
 */
public final class RequestBody {
    private RequestBody() {
    }

    /** {@code request}'s protobuf encoding; with {@code gzip}, as one gzip member at level 1 ({@link Gzip#fastest()}). */
    public static byte[] of(MessageLite request, boolean gzip) {
        if (!gzip) {
            return request.toByteArray();
        }
        try {
            // protobuf's array encoder writes straight into the buffer gzip compresses from
            return Gzip.fastest().compress(request.getSerializedSize(), (buffer, offset, length) -> {
                CodedOutputStream out = CodedOutputStream.newInstance(buffer, offset, length);
                request.writeTo(out);
                out.checkNoSpaceLeft();
            });
        } catch (IOException e) {
            throw new IllegalStateException("encoding an export request failed", e);
        }
    }
}
