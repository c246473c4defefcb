package io.sockscope.pipeline.exporter.debug;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

/**
 * The Collector's {@code debug} exporter settings.
 *
 * @param verbosity           basic: one line per batch with counts; normal: one line per span or data
 *                            point; detailed: every field, resource attributes included
 * @param samplingInitial     batches printed each second before sampling starts
 * @param samplingThereafter  after that, one batch in this many is printed
 */
public record DebugConfig(Verbosity verbosity, int samplingInitial, int samplingThereafter) implements Validated {
    public enum Verbosity {
        BASIC, NORMAL, DETAILED
    }

    public static DebugConfig defaults() {
        return new DebugConfig(Verbosity.BASIC, 2, 1);
    }

    @Override
    public void validate() {
        if (samplingInitial < 0) {
            throw new InvalidValueException("sampling_initial", "sampling_initial must not be negative", "use 2, the default");
        }
        if (samplingThereafter < 1) {
            throw new InvalidValueException("sampling_thereafter", "sampling_thereafter must be at least 1", "use 1 to print every batch");
        }
    }
}
