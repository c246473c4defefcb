package io.sockscope.semconv.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * OTLP attributes. Messages are immutable, so values that repeat (methods, status codes, transports)
 * are built once and shared by every span that carries them.
 */
public final class KeyValues {
    private KeyValues() {
    }

    public static KeyValue of(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value).build())
                .build();
    }

    public static KeyValue of(String key, long value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setIntValue(value).build())
                .build();
    }
}
