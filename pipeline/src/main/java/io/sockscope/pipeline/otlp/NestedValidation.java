package io.sockscope.pipeline.otlp;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

/**
 * Validates a nested configuration record from its parent's {@code validate()}, naming keys from the
 * parent ({@code tls.ca_file}). The binder validates nested records itself, with keys relative to
 * them; this covers records built in code.
 */
public final class NestedValidation {
    private NestedValidation() {
    }

    public static void validate(String key, Validated nested) {
        try {
            nested.validate();
        } catch (InvalidValueException e) {
            InvalidValueException prefixed = new InvalidValueException(
                    e.key() == null || e.key().isEmpty() ? key : key + "." + e.key(), e.getMessage(), e.hint());
            prefixed.initCause(e);
            throw prefixed;
        }
    }
}
