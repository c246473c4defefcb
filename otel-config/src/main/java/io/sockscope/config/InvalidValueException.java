package io.sockscope.config;

/**
 * A configuration value that has the right type but is not acceptable. The binder turns it into a
 * {@code ConfigException} with the file and line of {@code key}.
 *
 * @see Validated
 */
public class InvalidValueException extends RuntimeException {
    private final String key;
    private final String hint;

    /**
     * @param key  the key relative to the component, dotted for nested keys ({@code retry_on_failure.max_interval})
     * @param hint what to write instead, in a sentence
     */
    public InvalidValueException(String key, String message, String hint) {
        super(message);
        this.key = key;
        this.hint = hint;
    }

    public String key() {
        return key;
    }

    public String hint() {
        return hint;
    }
}
