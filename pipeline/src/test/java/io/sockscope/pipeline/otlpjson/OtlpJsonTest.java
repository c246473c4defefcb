package io.sockscope.pipeline.otlpjson;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpJsonTest {
    @Test
    void writesHexIdsEnumsAsNumbersAndNoLineBreaks() throws Exception {
        Span span = TestData.span("GET").toBuilder()
                .setParentSpanId(ByteString.fromHex("0102030405060708"))
                .addLinks(Span.Link.newBuilder().setTraceId(ByteString.fromHex(TestData.TRACE_ID)).setSpanId(ByteString.fromHex("1112131415161718")))
                .addAttributes(KeyValue.newBuilder().setKey("raw").setValue(AnyValue.newBuilder().setBytesValue(ByteString.fromHex("ffff"))))
                .addAttributes(TestData.attr("note", "\"traceId\":\"AAAA\""))
                .build();
        List<ResourceSpans> data = List.of(TestData.resourceSpans("svc", span));
        String json = OtlpJson.traces(data);
        assertThat(json).startsWith("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"svc\"}}]}")
                .contains("\"traceId\":\"" + TestData.TRACE_ID + "\"", "\"spanId\":\"" + TestData.SPAN_ID + "\"",
                        "\"parentSpanId\":\"0102030405060708\"", "\"spanId\":\"1112131415161718\"", "\"kind\":2",
                        "\"startTimeUnixNano\":\"" + TestData.START + "\"", "\"bytesValue\":\"//8=\"",
                        "\\\"traceId\\\":\\\"AAAA\\\"")
                .doesNotContain("\n");
        assertThat(OtlpJson.parseTraces(json)).isEqualTo(data);
    }

    @Test
    void metricsRoundTrip() throws Exception {
        var data = TestData.metrics(TestData.gauge("g", 1, 2));
        String json = OtlpJson.metrics(data);
        assertThat(json).startsWith("{\"resourceMetrics\":[");
        assertThat(OtlpJson.parseMetrics(json)).isEqualTo(data);
    }
}
