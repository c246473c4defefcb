package io.sockscope.it.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.it.support.CompleteLines;
import io.sockscope.pipeline.otlpjson.OtlpJson;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code file} exporter wrote: OTLP JSON, one {@code {"resourceSpans":[...]}} object a
 * line. Only complete lines are read, so a line being written is never half-parsed.
 */
final class SpanFile {
    private static final Pattern ID_FIELD = Pattern.compile("\"(traceId|spanId)\":\"([^\"]*)\"");

    /** One span with the resource and scope it was exported under. */
    record Exported(Resource resource, InstrumentationScope scope, Span span) {
        String resourceString(String key) {
            return stringOf(resource.getAttributesList(), key);
        }

        Long resourceLong(String key) {
            return integerOf(resource.getAttributesList(), key);
        }

        String string(String key) {
            return stringOf(span.getAttributesList(), key);
        }

        Long integer(String key) {
            return integerOf(span.getAttributesList(), key);
        }

        String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        String spanId() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        long durationNanos() {
            return span.getEndTimeUnixNano() - span.getStartTimeUnixNano();
        }
    }

    private final Path path;

    SpanFile(Path path) {
        this.path = path;
    }

    /** Complete lines written so far. */
    List<String> lines() {
        return CompleteLines.of(path);
    }

    /** Every span in the file, in order. */
    List<Exported> spans() {
        List<Exported> out = new ArrayList<>();
        for (String line : lines()) {
            List<ResourceSpans> parsed;
            try {
                parsed = OtlpJson.parseTraces(line);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not an OTLP JSON line: " + line, e);
            }
            for (ResourceSpans rs : parsed) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        out.add(new Exported(rs.getResource(), ss.getScope(), s));
                    }
                }
            }
        }
        return out;
    }

    /** The {@code traceId} and {@code spanId} values exactly as written in the JSON text. */
    List<String> rawIds(String field) {
        List<String> ids = new ArrayList<>();
        for (String line : lines()) {
            Matcher m = ID_FIELD.matcher(line);
            while (m.find()) {
                if (m.group(1).equals(field)) {
                    ids.add(m.group(2));
                }
            }
        }
        return ids;
    }

    /** Waits until the spans that match {@code wanted} are at least {@code count}; returns them. */
    List<Exported> await(Predicate<Exported> wanted, int count, Duration timeout, Diagnostics diagnostics)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Exported> found = spans().stream().filter(wanted).toList();
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " spans expected within " + timeout + ", found " + found.size()
                        + " of " + spans().size() + " in " + path + "\n" + lines() + "\n" + diagnostics.text());
            }
            Thread.sleep(100);
        }
    }

    /** What to show when spans did not arrive: usually the processes' output. */
    interface Diagnostics {
        String text() throws IOException;
    }

    static String stringOf(List<KeyValue> attributes, String key) {
        AnyValue v = value(attributes, key);
        return v == null || !v.hasStringValue() ? null : v.getStringValue();
    }

    static Long integerOf(List<KeyValue> attributes, String key) {
        AnyValue v = value(attributes, key);
        return v == null || !v.hasIntValue() ? null : v.getIntValue();
    }

    private static AnyValue value(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return kv.getValue();
            }
        }
        return null;
    }
}
