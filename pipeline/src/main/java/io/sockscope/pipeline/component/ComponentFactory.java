package io.sockscope.pipeline.component;

import java.util.Set;

/**
 * Collector-style factory: a type name, a default configuration, and creation. The configuration is
 * a record whose components bind to snake_case YAML keys ({@code sendBatchSize} from
 * {@code send_batch_size}); a nested record is a nested mapping.
 *
 * @param <C> the configuration record
 */
public interface ComponentFactory<C extends Record> {
    Kind kind();

    /** The YAML type: {@code otlp_grpc}, {@code batch}, {@code ebpf}. */
    String type();

    /** Older names accepted for the same type ({@code otlp} for {@code otlp_grpc}). */
    default Set<String> aliases() {
        return Set.of();
    }

    Class<C> configClass();

    /** The configuration used for keys the user did not write. */
    C defaultConfig();

    /** Signals this component can take part in. */
    Set<Signal> signals();
}
