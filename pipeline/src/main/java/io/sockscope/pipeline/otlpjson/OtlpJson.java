package io.sockscope.pipeline.otlpjson;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OTLP/JSON, as the OTLP specification and the Collector's file exporter write it: protobuf's JSON
 * mapping with lowerCamelCase names and enums as integers, except that trace and span ids are hex
 * strings, not base64 ({@code "traceId":"5b8efff798038103d269b633813fc60c"}). One object has no
 * line breaks: {@code {"resourceSpans":[...]}} or {@code {"resourceMetrics":[...]}}.
 */
public final class OtlpJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    // Only these fields are ids; bytesValue in attributes stays base64, as the specification says.
    private static final String ID_FIELDS = "traceId|spanId|parentSpanId|trace_id|span_id|parent_span_id";
    private static final Pattern BASE64_ID = Pattern.compile("\"(" + ID_FIELDS + ")\":\"([A-Za-z0-9+/=]*)\"");
    private static final Pattern HEX_ID = Pattern.compile("\"(" + ID_FIELDS + ")\"(\\s*):(\\s*)\"([0-9a-fA-F]*)\"");

    private OtlpJson() {
    }

    public static String traces(List<ResourceSpans> resourceSpans) {
        return print(TracesData.newBuilder().addAllResourceSpans(resourceSpans).build());
    }

    public static String metrics(List<ResourceMetrics> resourceMetrics) {
        return print(MetricsData.newBuilder().addAllResourceMetrics(resourceMetrics).build());
    }

    /** Reads one {@code {"resourceSpans":[...]}} object with hex ids. */
    public static List<ResourceSpans> parseTraces(String json) throws InvalidProtocolBufferException {
        TracesData.Builder b = TracesData.newBuilder();
        PARSER.merge(hexIdsToBase64(json), b);
        return b.getResourceSpansList();
    }

    public static List<ResourceMetrics> parseMetrics(String json) throws InvalidProtocolBufferException {
        MetricsData.Builder b = MetricsData.newBuilder();
        PARSER.merge(hexIdsToBase64(json), b);
        return b.getResourceMetricsList();
    }

    private static String print(com.google.protobuf.MessageOrBuilder message) {
        try {
            return base64IdsToHex(PRINTER.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("OTLP data cannot be printed as JSON", e);
        }
    }

    /**
     * JsonFormat's compact output has no space around ':' and escapes every quote inside strings,
     * so the pattern only meets real id fields.
     */
    static String base64IdsToHex(String json) {
        Matcher m = BASE64_ID.matcher(json);
        StringBuilder sb = new StringBuilder(json.length());
        while (m.find()) {
            String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(m.group(2)));
            m.appendReplacement(sb, "\"" + m.group(1) + "\":\"" + hex + "\"");
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String hexIdsToBase64(String json) {
        Matcher m = HEX_ID.matcher(json);
        StringBuilder sb = new StringBuilder(json.length());
        while (m.find()) {
            String hex = m.group(4);
            if (hex.length() % 2 != 0) {
                continue;
            }
            String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
            m.appendReplacement(sb, "\"" + m.group(1) + "\"" + m.group(2) + ":" + m.group(3) + "\"" + b64 + "\"");
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
