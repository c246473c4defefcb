package io.sockscope.pipeline.exporter.otlp;

import com.google.protobuf.ByteString;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.pipeline.exporter.compression.Gzip;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ArrayEncodedMarshallerTest {
    private static final MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> EXPORT =
            ArrayEncodedMarshaller.requestsOf(TraceServiceGrpc.getExportMethod());

    /** As gRPC frames a gzip request: drained into the compressing stream, encoded into its buffer. */
    @Test
    void intoGzipsBufferTheBytesAreProtobufs() throws IOException {
        ExportTraceServiceRequest request = request(2000);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream gzip = Gzip.fastest().compressing(wire)) {
            gzip.write(new byte[] {1, 2, 3}); // what was written before stays in front
            assertThat(((Drainable) EXPORT.streamRequest(request)).drainTo(gzip)).isEqualTo(request.getSerializedSize());
        }
        byte[] sent;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire.toByteArray()))) {
            sent = in.readAllBytes();
        }
        assertThat(sent[0]).isEqualTo((byte) 1);
        assertThat(EXPORT.parseRequest(new ByteArrayInputStream(sent, 3, sent.length - 3))).isEqualTo(request);
    }

    /** As gRPC frames an uncompressed request: one write into its stream. */
    @Test
    void intoAnyOtherStreamTheBytesAreProtobufs() throws IOException {
        ExportTraceServiceRequest request = request(50);
        InputStream stream = EXPORT.streamRequest(request);
        assertThat(((KnownLength) stream).available()).isEqualTo(request.getSerializedSize());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ((Drainable) stream).drainTo(out);

        assertThat(out.toByteArray()).isEqualTo(request.toByteArray());
        assertThat(stream.available()).isZero();
    }

    @Test
    void readAsAPlainStreamTheBytesAreProtobufs() throws IOException {
        ExportTraceServiceRequest request = request(50);
        try (InputStream stream = EXPORT.streamRequest(request)) {
            assertThat(stream.readAllBytes()).isEqualTo(request.toByteArray());
        }
    }

    private static ExportTraceServiceRequest request(int spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]))
                    .setName("GET \u00e9" + i).setStartTimeUnixNano(i).setEndTimeUnixNano(i + 1000)
                    .addAttributes(KeyValue.newBuilder().setKey("url.path")
                            .setValue(AnyValue.newBuilder().setStringValue("/api/v1/products/" + i))));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope)).build();
    }
}
