package io.sockscope.pipeline.connector;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.List;

/** Attribute values of spans and resources, looked up the way the Collector's connectors do. */
public final class AttributeLookup {
    private AttributeLookup() {
    }

    /** The value of {@code key} in the first list that has it, or null. */
    @SafeVarargs
    public static AnyValue find(String key, List<KeyValue>... lists) {
        for (List<KeyValue> list : lists) {
            for (KeyValue kv : list) {
                if (kv.getKey().equals(key)) {
                    return kv.getValue();
                }
            }
        }
        return null;
    }

    /** A value as text, the Collector's {@code AsString}: strings as they are, others in their plain spelling. */
    public static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case BYTES_VALUE -> java.util.HexFormat.of().formatHex(v.getBytesValue().toByteArray());
            default -> v.toString().strip();
        };
    }

    /** The string value of {@code key}, or null when absent or not a string. */
    public static String string(String key, List<KeyValue> list) {
        AnyValue v = find(key, list);
        return v == null || v.getValueCase() != AnyValue.ValueCase.STRING_VALUE ? null : v.getStringValue();
    }

    /** The integer value of {@code key} (a string of digits is accepted), or -1. */
    public static long integer(String key, List<KeyValue> list) {
        AnyValue v = find(key, list);
        if (v == null) {
            return -1;
        }
        return switch (v.getValueCase()) {
            case INT_VALUE -> v.getIntValue();
            case STRING_VALUE -> {
                try {
                    yield Long.parseLong(v.getStringValue());
                } catch (NumberFormatException e) {
                    yield -1;
                }
            }
            default -> -1;
        };
    }
}
