package io.sockscope.it.metrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.sockscope.cli.ebpf.EbpfReceiverConfig;
import io.sockscope.cli.ebpf.EbpfReceiverFactory;
import io.sockscope.pipeline.aggregation.Temporality;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code ebpf} receiver as the pipeline creates it, with real probes filtered on the test's ports,
 * exporting delta metrics every 300 ms into a list, so sums over every export are exact counts.
 */
final class LiveMetrics implements AutoCloseable {
    private final Component receiver;
    private final List<ResourceMetrics> exports = new ArrayList<>();

    LiveMetrics(List<Integer> ports) throws Exception {
        EbpfReceiverConfig d = EbpfReceiverConfig.defaults();
        EbpfReceiverConfig config = new EbpfReceiverConfig(d.pids(), ports, d.cgroups(), d.executables(), d.exclude(), d.protocols(),
                d.captureBytes(), d.ringBufferMib(), d.requestTimeout(), d.idleTimeout(), d.maxConnections(), d.pathTemplating(),
                Duration.ofMillis(5), Duration.ofMillis(300), Temporality.DELTA, d.metricsCardinalityLimit(), true);
        config.validate();
        receiver = new EbpfReceiverFactory().create(new ComponentContext("ebpf", new SelfTelemetry()), config, spans -> {
        }, this::add);
        receiver.start();
    }

    private synchronized void add(List<ResourceMetrics> data) {
        exports.addAll(data);
    }

    /** One data point with the resource it came from. */
    record Point(Resource resource, List<KeyValue> attributes, HistogramDataPoint histogram, NumberDataPoint number) {
        String attr(String key) {
            return value(attributes, key);
        }

        String resourceAttr(String key) {
            return value(resource.getAttributesList(), key);
        }

        long count() {
            return histogram != null ? histogram.getCount() : number.getAsInt();
        }
    }

    static String value(List<KeyValue> kvs, String key) {
        for (KeyValue kv : kvs) {
            if (kv.getKey().equals(key)) {
                var v = kv.getValue();
                return switch (v.getValueCase()) {
                    case INT_VALUE -> Long.toString(v.getIntValue());
                    case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                    default -> v.getStringValue();
                };
            }
        }
        return null;
    }

    synchronized List<Point> points(String metric) {
        List<Point> out = new ArrayList<>();
        for (ResourceMetrics rm : exports) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    if (!m.getName().equals(metric)) {
                        continue;
                    }
                    if (m.hasHistogram()) {
                        m.getHistogram().getDataPointsList().forEach(p -> out.add(new Point(rm.getResource(), p.getAttributesList(), p, null)));
                    } else if (m.hasSum()) {
                        m.getSum().getDataPointsList().forEach(p -> out.add(new Point(rm.getResource(), p.getAttributesList(), null, p)));
                    }
                }
            }
        }
        return out;
    }

    /** Sum of counts (histograms) or values (counters) of the points that match. */
    long total(String metric, Predicate<Point> which) {
        return points(metric).stream().filter(which).mapToLong(Point::count).sum();
    }

    /** Waits until {@link #total} reaches {@code expected} (or the time is up), then returns it. */
    long awaitTotal(String metric, Predicate<Point> which, long expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long n = total(metric, which);
        while (n < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            n = total(metric, which);
        }
        Thread.sleep(700); // two more exports: nothing more may come
        return total(metric, which);
    }

    /** Distinct attribute sets seen for a metric, for assertions on what is (not) there. */
    Map<List<KeyValue>, Long> series(String metric, Predicate<Point> which) {
        Map<List<KeyValue>, Long> out = new HashMap<>();
        points(metric).stream().filter(which).forEach(p -> out.merge(p.attributes(), p.count(), Long::sum));
        return out;
    }

    @Override
    public void close() {
        receiver.shutdown();
    }
}
