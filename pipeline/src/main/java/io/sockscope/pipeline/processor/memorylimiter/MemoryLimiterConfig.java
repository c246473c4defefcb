package io.sockscope.pipeline.processor.memorylimiter;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

import java.time.Duration;

/**
 * The Collector's {@code memory_limiter} settings, applied to the JVM heap. Give either an absolute
 * limit ({@code limit_mib}) or a share of the maximum heap ({@code limit_percentage}); the first wins.
 * Data is refused while heap use is above the soft limit, {@code limit - spike_limit}.
 *
 * @param checkInterval                 how often heap use is measured (the Collector requires it; 1s here by default)
 * @param limitMib                      the hard limit, MiB of heap
 * @param spikeLimitMib                 headroom below the hard limit; 20% of it when 0
 * @param limitPercentage               the hard limit as a percentage of the maximum heap ({@code -Xmx})
 * @param spikeLimitPercentage          the headroom as a percentage of the maximum heap; 20% of the limit when 0
 * @param minGcIntervalWhenSoftLimited  least time between two forced GCs above the soft limit
 * @param minGcIntervalWhenHardLimited  least time between two forced GCs above the hard limit
 */
public record MemoryLimiterConfig(Duration checkInterval, long limitMib, long spikeLimitMib, int limitPercentage,
                                  int spikeLimitPercentage, Duration minGcIntervalWhenSoftLimited,
                                  Duration minGcIntervalWhenHardLimited) implements Validated {
    public static MemoryLimiterConfig defaults() {
        return new MemoryLimiterConfig(Duration.ofSeconds(1), 0, 0, 0, 0, Duration.ofSeconds(10), Duration.ZERO);
    }

    @Override
    public void validate() {
        if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
            throw new InvalidValueException("check_interval", "check_interval must be greater than zero", "use 1s");
        }
        if (limitMib < 0 || spikeLimitMib < 0) {
            throw new InvalidValueException(limitMib < 0 ? "limit_mib" : "spike_limit_mib", "limits must not be negative", null);
        }
        if (limitMib == 0 && limitPercentage == 0) {
            throw new InvalidValueException("limit_mib", "no memory limit is set",
                    "set limit_mib (e.g. 512) or limit_percentage (e.g. 80, of the maximum heap)");
        }
        if (limitPercentage < 0 || limitPercentage > 100) {
            throw new InvalidValueException("limit_percentage", "limit_percentage must be between 1 and 100", null);
        }
        if (spikeLimitPercentage < 0 || spikeLimitPercentage > 100) {
            throw new InvalidValueException("spike_limit_percentage", "spike_limit_percentage must be between 0 and 100", null);
        }
        if (limitMib > 0 && spikeLimitMib >= limitMib) {
            throw new InvalidValueException("spike_limit_mib", "spike_limit_mib (" + spikeLimitMib
                    + ") must be smaller than limit_mib (" + limitMib + ")", "use about 20% of limit_mib: " + limitMib / 5);
        }
        if (limitMib == 0 && spikeLimitPercentage >= limitPercentage) {
            throw new InvalidValueException("spike_limit_percentage", "spike_limit_percentage must be smaller than limit_percentage",
                    "use about a quarter of limit_percentage");
        }
    }

    /** Hard and soft limits in bytes for a heap of {@code maxHeap} bytes. */
    Limits limits(long maxHeap) {
        long hard;
        long spike;
        if (limitMib > 0) {
            hard = limitMib << 20;
            spike = spikeLimitMib > 0 ? spikeLimitMib << 20 : hard / 5;
        } else {
            hard = maxHeap / 100 * limitPercentage;
            spike = spikeLimitPercentage > 0 ? maxHeap / 100 * spikeLimitPercentage : hard / 5;
        }
        return new Limits(hard, hard - spike);
    }

    record Limits(long hardBytes, long softBytes) {
    }
}
