package io.sockscope.pipeline.aggregation;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Aggregates measurements into OTLP metrics, one {@link ResourceMetrics} per resource, the way the
 * OpenTelemetry SDK's metric readers do, but with the resource as part of each series: Sockscope
 * measures many processes and each is its own resource.
 *
 * <ul>
 *   <li>Instruments: {@linkplain #histogram explicit-bucket histograms} (count, sum, min, max, bucket
 *       counts; bucket {@code i} holds values in {@code (bounds[i-1], bounds[i]]}) and
 *       {@linkplain #counter monotonic counters}.</li>
 *   <li>A series is a resource and an attribute list. Lists are compared in order: callers build them
 *       in a fixed key order.</li>
 *   <li>{@link Temporality}: cumulative points start at the series' first measurement and series are
 *       kept; delta points cover the time since the previous {@link #collect}, which forgets every
 *       series (so a quiet series is not exported and its slot is freed).</li>
 *   <li>Cardinality limit per instrument, as the SDK's: at most {@code limit - 1} distinct series;
 *       measurements of further series go to the resource's overflow series, whose only attribute is
 *       {@code otel.metric.overflow=true}.</li>
 * </ul>
 *
 * <p>Not thread-safe: record and collect from one thread (the ebpf receiver's reader thread), or
 * hold a lock around both (the connectors). Recording allocates the series key only.
 */
public final class MetricAggregator {
    /** The attribute of the overflow series, as the SDK names it. */
    public static final KeyValue OVERFLOW = KeyValue.newBuilder().setKey("otel.metric.overflow")
            .setValue(AnyValue.newBuilder().setBoolValue(true).build()).build();
    private static final List<KeyValue> OVERFLOW_ATTRIBUTES = List.of(OVERFLOW);
    /** The SDK's default cardinality limit. */
    public static final int DEFAULT_CARDINALITY_LIMIT = 2000;

    private final InstrumentationScope scope;
    private final String schemaUrl;
    private final Temporality temporality;
    private final int cardinalityLimit;
    private final List<Instrument<?>> instruments = new ArrayList<>();
    private long lastCollectNanos;

    /**
     * @param scope            the instrumentation scope of every metric
     * @param schemaUrl        the semantic conventions' schema, or null
     * @param startEpochNanos  when aggregation starts: the first delta interval's start
     */
    public MetricAggregator(InstrumentationScope scope, String schemaUrl, Temporality temporality, int cardinalityLimit,
                            long startEpochNanos) {
        if (cardinalityLimit < 2) {
            throw new IllegalArgumentException("cardinality limit must be at least 2, got " + cardinalityLimit);
        }
        this.scope = Objects.requireNonNull(scope, "scope");
        this.schemaUrl = schemaUrl == null ? "" : schemaUrl;
        this.temporality = Objects.requireNonNull(temporality, "temporality");
        this.cardinalityLimit = cardinalityLimit;
        this.lastCollectNanos = startEpochNanos;
    }

    public Temporality temporality() {
        return temporality;
    }

    /** A histogram with explicit bucket bounds (ascending, finite). */
    public Histogram histogram(String name, String description, String unit, double[] bounds) {
        Histogram h = new Histogram(name, description, unit, bounds);
        instruments.add(h);
        return h;
    }

    /** A monotonic counter (an OTLP monotonic Sum of integers). */
    public Counter counter(String name, String description, String unit) {
        Counter c = new Counter(name, description, unit);
        instruments.add(c);
        return c;
    }

    /** Live series of every instrument, overflow series included. */
    public int seriesCount() {
        int n = 0;
        for (Instrument<?> i : instruments) {
            n += i.series.size();
        }
        return n;
    }

    /** Measurements that went to an overflow series because their instrument was at its limit. */
    public long overflowed() {
        long n = 0;
        for (Instrument<?> i : instruments) {
            n += i.overflowed;
        }
        return n;
    }

    /**
     * The metrics so far, grouped by resource in the order resources first appear; empty when there is
     * nothing to report. With delta temporality every series is forgotten.
     */
    public List<ResourceMetrics> collect(long nowEpochNanos) {
        Map<Resource, List<Metric>> byResource = new LinkedHashMap<>();
        for (Instrument<?> instrument : instruments) {
            Map<Resource, Metric.Builder> metrics = new LinkedHashMap<>();
            for (Map.Entry<SeriesKey, ?> e : instrument.series.entrySet()) {
                Resource r = e.getKey().resource();
                Metric.Builder m = metrics.computeIfAbsent(r, k -> instrument.newMetric());
                instrument.addPoint(m, e.getKey().attributes(), e.getValue(), nowEpochNanos);
            }
            for (Map.Entry<Resource, Metric.Builder> e : metrics.entrySet()) {
                byResource.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().build());
            }
            if (temporality == Temporality.DELTA) {
                instrument.series.clear();
                instrument.regular = 0;
            }
        }
        lastCollectNanos = nowEpochNanos;
        List<ResourceMetrics> out = new ArrayList<>(byResource.size());
        for (Map.Entry<Resource, List<Metric>> e : byResource.entrySet()) {
            out.add(ResourceMetrics.newBuilder().setResource(e.getKey()).setSchemaUrl(schemaUrl)
                    .addScopeMetrics(ScopeMetrics.newBuilder().setScope(scope).setSchemaUrl(schemaUrl).addAllMetrics(e.getValue()))
                    .build());
        }
        return out;
    }

    private record SeriesKey(Resource resource, List<KeyValue> attributes) {
    }

    /** What every instrument has: a name, its series, and the cardinality rule. */
    private abstract sealed class Instrument<P> permits Histogram, Counter {
        final String name;
        final String description;
        final String unit;
        // Insertion order: exports list resources and series in the order first seen, the same in every run
        // (protobuf hash codes differ between JVMs, so a HashMap reorders them from run to run).
        final Map<SeriesKey, P> series = new LinkedHashMap<>();
        /** Series other than overflow ones. */
        int regular;
        long overflowed;

        Instrument(String name, String description, String unit) {
            this.name = Objects.requireNonNull(name, "name");
            this.description = description == null ? "" : description;
            this.unit = unit == null ? "" : unit;
        }

        /** The point of a series, created when new; an overflow series' point when the limit is reached. */
        final P point(Resource resource, List<KeyValue> attributes, long epochNanos) {
            SeriesKey key = new SeriesKey(resource, attributes);
            P p = series.get(key);
            if (p != null) {
                return p;
            }
            if (regular >= cardinalityLimit - 1) {
                overflowed++;
                key = new SeriesKey(resource, OVERFLOW_ATTRIBUTES);
                p = series.get(key);
                if (p != null) {
                    return p;
                }
            } else {
                regular++;
            }
            p = newPoint(temporality == Temporality.DELTA ? lastCollectNanos : epochNanos);
            series.put(key, p);
            return p;
        }

        abstract P newPoint(long startNanos);

        abstract Metric.Builder newMetric();

        abstract void addPoint(Metric.Builder metric, List<KeyValue> attributes, Object point, long nowNanos);

        Metric.Builder metric() {
            return Metric.newBuilder().setName(name).setDescription(description).setUnit(unit);
        }
    }

    private static final class HistogramPoint {
        final long startNanos;
        final long[] counts;
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        HistogramPoint(long startNanos, int buckets) {
            this.startNanos = startNanos;
            this.counts = new long[buckets];
        }
    }

    private static final class CounterPoint {
        final long startNanos;
        long value;

        CounterPoint(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    /** An explicit-bucket histogram. */
    public final class Histogram extends Instrument<HistogramPoint> {
        private final double[] bounds;
        private final List<Double> boundsList;

        Histogram(String name, String description, String unit, double[] bounds) {
            super(name, description, unit);
            for (int i = 0; i < bounds.length; i++) {
                if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                    throw new IllegalArgumentException(name + ": bucket bounds must be finite and ascending: " + Arrays.toString(bounds));
                }
            }
            this.bounds = bounds.clone();
            this.boundsList = Arrays.stream(bounds).boxed().toList();
        }

        /** Records one value (NaN and infinities are ignored, as the SDK does). */
        public void record(Resource resource, List<KeyValue> attributes, double value, long epochNanos) {
            if (!Double.isFinite(value)) {
                return;
            }
            HistogramPoint p = point(resource, attributes, epochNanos);
            p.counts[bucket(value)]++;
            p.count++;
            p.sum += value;
            p.min = Math.min(p.min, value);
            p.max = Math.max(p.max, value);
        }

        /** Index of the bucket: the first bound {@code >= value}, else the last (overflow) bucket. */
        int bucket(double value) {
            int lo = 0;
            int hi = bounds.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (value <= bounds[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        @Override
        HistogramPoint newPoint(long startNanos) {
            return new HistogramPoint(startNanos, bounds.length + 1);
        }

        @Override
        Metric.Builder newMetric() {
            Metric.Builder m = metric();
            m.getHistogramBuilder().setAggregationTemporality(temporality.otlp());
            return m;
        }

        @Override
        void addPoint(Metric.Builder metric, List<KeyValue> attributes, Object point, long nowNanos) {
            HistogramPoint p = (HistogramPoint) point;
            HistogramDataPoint.Builder b = HistogramDataPoint.newBuilder().addAllAttributes(attributes)
                    .setStartTimeUnixNano(p.startNanos).setTimeUnixNano(nowNanos)
                    .setCount(p.count).setSum(p.sum).addAllExplicitBounds(boundsList);
            for (long c : p.counts) {
                b.addBucketCounts(c);
            }
            if (p.count > 0) {
                b.setMin(p.min).setMax(p.max);
            }
            metric.getHistogramBuilder().addDataPoints(b);
        }
    }

    /** A monotonic counter. */
    public final class Counter extends Instrument<CounterPoint> {
        Counter(String name, String description, String unit) {
            super(name, description, unit);
        }

        /** Adds {@code n} (negative values are ignored: the counter is monotonic). */
        public void add(Resource resource, List<KeyValue> attributes, long n, long epochNanos) {
            if (n < 0) {
                return;
            }
            point(resource, attributes, epochNanos).value += n;
        }

        @Override
        CounterPoint newPoint(long startNanos) {
            return new CounterPoint(startNanos);
        }

        @Override
        Metric.Builder newMetric() {
            Metric.Builder m = metric();
            m.getSumBuilder().setAggregationTemporality(temporality.otlp()).setIsMonotonic(true);
            return m;
        }

        @Override
        void addPoint(Metric.Builder metric, List<KeyValue> attributes, Object point, long nowNanos) {
            CounterPoint p = (CounterPoint) point;
            Sum.Builder sum = metric.getSumBuilder();
            sum.addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attributes)
                    .setStartTimeUnixNano(p.startNanos).setTimeUnixNano(nowNanos).setAsInt(p.value));
        }
    }

    /** Drops cumulative series of resources for which {@code keep} is false (processes gone). */
    public void retainResources(Predicate<Resource> keep) {
        for (Instrument<?> i : instruments) {
            Iterator<? extends Map.Entry<SeriesKey, ?>> it = i.series.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<SeriesKey, ?> e = it.next();
                if (!keep.test(e.getKey().resource())) {
                    if (e.getKey().attributes() != OVERFLOW_ATTRIBUTES) {
                        i.regular--;
                    }
                    it.remove();
                }
            }
        }
    }
}
