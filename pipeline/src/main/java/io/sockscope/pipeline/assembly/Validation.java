package io.sockscope.pipeline.assembly;

import io.sockscope.config.ConfigException;

import java.util.List;

/**
 * The outcome of validating a configuration: every error and warning, each printable as
 * {@code config.yaml:12:5: exporters.file.path: ... (hint: ...)}, and the validated configuration
 * when there is no error.
 *
 * @param config null when {@link #errors} is not empty
 */
public record Validation(ServiceConfig config, List<ConfigException> errors, List<ConfigException> warnings) {
    public Validation {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Errors, then warnings prefixed with "warning: ", one a line. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        errors.forEach(e -> sb.append(e.getMessage()).append('\n'));
        warnings.forEach(w -> sb.append("warning: ").append(w.getMessage()).append('\n'));
        return sb.toString();
    }

    /** The configuration; throws the first error with the others suppressed when there are errors. */
    public ServiceConfig orThrow() {
        ConfigException.throwIfAny(errors);
        return config;
    }
}
