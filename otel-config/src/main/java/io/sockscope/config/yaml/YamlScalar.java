package io.sockscope.config.yaml;

/**
 * A scalar: its text as written (after {@code ${...}} substitution), the type YAML gives it, and
 * whether it was plain (unquoted), which decides whether a substituted value is re-typed.
 */
public record YamlScalar(String value, ScalarType type, boolean plain, Position position) implements YamlNode {
    public boolean isNull() {
        return type == ScalarType.NULL;
    }

    @Override
    public String describe() {
        return switch (type) {
            case NULL -> "an empty value";
            case BOOL -> "a boolean (" + value + ")";
            case INT -> "a number (" + value + ")";
            case FLOAT -> "a number (" + value + ")";
            case STRING -> "a string (\"" + value + "\")";
        };
    }
}
