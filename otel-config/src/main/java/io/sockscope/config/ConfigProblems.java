package io.sockscope.config;

import io.sockscope.config.yaml.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every mistake of a validation run, so a user fixes them all in one go. Errors stop the
 * service from starting; warnings (a component defined but never used) do not. Not thread-safe.
 */
public final class ConfigProblems {
    private final List<ConfigException> errors = new ArrayList<>();
    private final List<ConfigException> warnings = new ArrayList<>();

    /**
     * Adds an error, unless one was already reported for the same key on the same line: a value
     * whose ${...} failed to expand must not also be reported as the wrong type or missing.
     */
    public void error(ConfigException e) {
        for (ConfigException earlier : errors) {
            if (e.line() > 0 && earlier.line() == e.line() && earlier.path().equals(e.path()) && earlier.file().equals(e.file())) {
                return;
            }
        }
        errors.add(e);
    }

    public void error(Position position, String path, String detail, String hint) {
        error(new ConfigException(position, path, detail, hint));
    }

    public void warning(Position position, String path, String detail, String hint) {
        warnings.add(new ConfigException(position, path, detail, hint));
    }

    public List<ConfigException> errors() {
        return List.copyOf(errors);
    }

    public List<ConfigException> warnings() {
        return List.copyOf(warnings);
    }

    public int errorCount() {
        return errors.size();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws the first error with the others suppressed; see {@link ConfigException#all()}. */
    public void throwIfErrors() {
        ConfigException.throwIfAny(errors);
    }
}
