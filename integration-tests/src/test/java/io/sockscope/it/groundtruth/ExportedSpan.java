package io.sockscope.it.groundtruth;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.sockscope.it.support.CompleteLines;
import io.sockscope.pipeline.otlpjson.OtlpJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One exported span, flattened for comparison: the attributes the ground truth compares as text
 * (integers as their decimal), the process it came from, its ids and times. Read from what a
 * {@code file} exporter wrote (OTLP JSON, one object a line; only complete lines).
 */
record ExportedSpan(SpanKind kind, String name, long pid, String serviceName, String traceId, String spanId,
                  String parentSpanId, long startNanos, long endNanos, List<KeyValue> attributes) {

    String attribute(String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                AnyValue v = kv.getValue();
                return switch (v.getValueCase()) {
                    case STRING_VALUE -> v.getStringValue();
                    case INT_VALUE -> Long.toString(v.getIntValue());
                    case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                    case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                    default -> v.toString();
                };
            }
        }
        return null;
    }

    /** The remote end's port: {@code network.peer.port}, else the older {@code net.sock.peer.port}. */
    Integer peerPort() {
        String port = Objects.requireNonNullElse(attribute("network.peer.port"), Objects.toString(attribute("net.sock.peer.port"), ""));
        return port.isEmpty() ? null : Integer.valueOf(port);
    }

    long durationNanos() {
        return endNanos - startNanos;
    }

    /** A line for a report of what did not match. */
    String describe() {
        return "%s %s %s %s -> %s peer port %s pid %d start %d duration %.3f ms trace %s".formatted(kind, name,
                attribute("http.request.method"), attribute("url.path"), attribute("http.response.status_code"),
                peerPort(), pid, startNanos, durationNanos() / 1e6, traceId);
    }

    /** Every span in a file exporter's output. */
    static List<ExportedSpan> readAll(Path file) {
        List<ExportedSpan> out = new ArrayList<>();
        for (String line : CompleteLines.of(file)) {
            List<ResourceSpans> parsed;
            try {
                parsed = OtlpJson.parseTraces(line);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not an OTLP JSON line in " + file + ": " + line, e);
            }
            for (ResourceSpans rs : parsed) {
                List<KeyValue> resource = rs.getResource().getAttributesList();
                ExportedSpan probe = new ExportedSpan(null, null, 0, null, null, null, null, 0, 0, resource);
                String pid = probe.attribute("process.pid");
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        out.add(new ExportedSpan(s.getKind(), s.getName(), pid == null ? -1 : Long.parseLong(pid),
                                probe.attribute("service.name"), hex(s.getTraceId().toByteArray()),
                                hex(s.getSpanId().toByteArray()), hex(s.getParentSpanId().toByteArray()),
                                s.getStartTimeUnixNano(), s.getEndTimeUnixNano(), s.getAttributesList()));
                    }
                }
            }
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
