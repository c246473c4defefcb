package io.sockscope.pipeline.connector.servicegraph;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

import java.time.Duration;
import java.util.List;

/**
 * The Collector's {@code servicegraph} connector settings.
 *
 * <pre>{@code
 * connectors:
 *   servicegraph:
 *     latency_histogram_buckets: [2ms, 4ms, 6ms, 8ms, 10ms, 50ms, 100ms, 200ms, 400ms, 800ms, 1s, 1400ms, 2s, 5s, 10s, 15s]
 *     dimensions: [http.request.method]    # become client_http.request.method and server_http.request.method
 *     store: {ttl: 2s, max_items: 1000}    # unpaired half edges: how long they wait, how many
 *     store_expiration_loop: 2s
 *     metrics_flush_interval: 60s          # 0 hands metrics on after every batch of spans
 *     database_name_attributes: [db.name]  # a CLIENT span with one is an edge to that database
 * }</pre>
 *
 * @param latencyHistogramBuckets null for the Collector's default buckets
 */
public record ServiceGraphConfig(List<Duration> latencyHistogramBuckets, List<String> dimensions, Store store,
                                 Duration storeExpirationLoop, Duration metricsFlushInterval,
                                 List<String> databaseNameAttributes) implements Validated {
    /** The Collector's default latency buckets, in seconds. */
    static final double[] DEFAULT_BUCKETS_S = {0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10, 15};

    /** @param ttl how long a half edge waits for its other half; @param maxItems how many wait at most */
    public record Store(Duration ttl, int maxItems) {
        public static Store defaults() {
            return new Store(Duration.ofSeconds(2), 1000);
        }
    }

    public static ServiceGraphConfig defaults() {
        return new ServiceGraphConfig(null, List.of(), Store.defaults(), Duration.ofSeconds(2), Duration.ofSeconds(60), List.of("db.name"));
    }

    @Override
    public void validate() {
        if (store.ttl() == null || store.ttl().isNegative() || store.ttl().isZero()) {
            throw new InvalidValueException("store.ttl", "must be a positive duration", "2s is the Collector's default");
        }
        if (store.maxItems() < 1) {
            throw new InvalidValueException("store.max_items", "must be at least 1", "1000 is the Collector's default");
        }
        if (storeExpirationLoop == null || storeExpirationLoop.isNegative() || storeExpirationLoop.isZero()) {
            throw new InvalidValueException("store_expiration_loop", "must be a positive duration", "2s is the Collector's default");
        }
        if (metricsFlushInterval == null || metricsFlushInterval.isNegative()) {
            throw new InvalidValueException("metrics_flush_interval", "must not be negative",
                    "60s is the Collector's default; 0 hands metrics on after every batch of spans");
        }
        if (latencyHistogramBuckets != null) {
            for (int i = 1; i < latencyHistogramBuckets.size(); i++) {
                if (latencyHistogramBuckets.get(i).compareTo(latencyHistogramBuckets.get(i - 1)) <= 0) {
                    throw new InvalidValueException("latency_histogram_buckets[" + i + "]", "buckets must be in ascending order",
                            "sort the buckets and remove repeats");
                }
            }
        }
    }

    double[] bounds() {
        if (latencyHistogramBuckets == null) {
            return DEFAULT_BUCKETS_S.clone();
        }
        return latencyHistogramBuckets.stream().mapToDouble(d -> d.toNanos() / 1e9).toArray();
    }
}
