package io.sockscope.pipeline.telemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Sockscope's own telemetry, named like the Collector's ({@code otelcol_exporter_sent_spans},
 * {@code otelcol_exporter_enqueue_failed_spans}, ...) plus {@code sockscope_*} for the kernel side.
 * Counters are keyed by metric name and component id, e.g. {@code otelcol_exporter_sent_spans{exporter="otlp"}}.
 * Lock-free on the update path: one {@link LongAdder} per series, created once.
 */
public final class SelfTelemetry {
    private static final SelfTelemetry GLOBAL = new SelfTelemetry();

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    public static SelfTelemetry global() {
        return GLOBAL;
    }

    /** A counter series; keep the returned adder instead of looking it up per item. */
    public LongAdder counter(String name, String labelKey, String labelValue) {
        return counters.computeIfAbsent(series(name, labelKey, labelValue), k -> new LongAdder());
    }

    public LongAdder counter(String name) {
        return counters.computeIfAbsent(name, k -> new LongAdder());
    }

    /** A gauge read when telemetry is reported (queue sizes, memory). */
    public void gauge(String name, String labelKey, String labelValue, LongSupplier value) {
        gauges.put(series(name, labelKey, labelValue), value);
    }

    public void gauge(String name, AtomicLong value) {
        gauges.put(name, value::get);
    }

    /** Current value of every series, sorted by name: counters and gauges together. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        gauges.forEach((k, v) -> out.put(k, v.getAsLong()));
        return out;
    }

    /** Value of one series, 0 when it does not exist. */
    public long value(String series) {
        LongAdder c = counters.get(series);
        if (c != null) {
            return c.sum();
        }
        LongSupplier g = gauges.get(series);
        return g == null ? 0 : g.getAsLong();
    }

    /** The sum of every counter series whose name starts with one of {@code prefixes}. */
    public long sumOfCounters(String... prefixes) {
        long sum = 0;
        for (Map.Entry<String, LongAdder> c : counters.entrySet()) {
            for (String prefix : prefixes) {
                if (c.getKey().startsWith(prefix)) {
                    sum += c.getValue().sum();
                    break;
                }
            }
        }
        return sum;
    }

    public static String series(String name, String labelKey, String labelValue) {
        return name + "{" + labelKey + "=\"" + labelValue + "\"}";
    }
}
