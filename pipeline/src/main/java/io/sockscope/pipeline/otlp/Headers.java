package io.sockscope.pipeline.otlp;

import io.sockscope.config.InvalidValueException;

import java.util.Map;

/** The {@code headers} mapping of an exporter. */
public final class Headers {
    private Headers() {
    }

    /** An immutable copy; a header written without a value ({@code x-tenant:}) is a config error, not a crash. */
    public static Map<String, String> copyOf(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        headers.forEach((name, value) -> {
            if (value == null) {
                throw new InvalidValueException("headers." + name, "header " + name + " has no value",
                        "write a value after the colon; quote it, \"\", for an empty one");
            }
        });
        return Map.copyOf(headers);
    }
}
