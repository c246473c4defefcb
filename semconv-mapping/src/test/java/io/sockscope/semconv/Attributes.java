package io.sockscope.semconv;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP attributes as a map of key to String or Long, for assertions. Fails on duplicate keys. */
public final class Attributes {
    private Attributes() {
    }

    public static Map<String, Object> of(Span span) {
        return of(span.getAttributesList());
    }

    public static Map<String, Object> of(Resource resource) {
        return of(resource.getAttributesList());
    }

    private static Map<String, Object> of(List<KeyValue> kvs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            AnyValue v = kv.getValue();
            Object value = switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> v.getIntValue();
                default -> throw new AssertionError("unexpected value type for " + kv.getKey());
            };
            if (out.put(kv.getKey(), value) != null) {
                throw new AssertionError("duplicate attribute " + kv.getKey());
            }
        }
        return out;
    }
}
