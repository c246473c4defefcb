package io.sockscope.pipeline.pdata;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.util.ArrayList;
import java.util.List;

/**
 * Counting and splitting OTLP data by items, the unit the Collector counts in: spans for traces,
 * data points for metrics. Splitting keeps each item's resource and scope.
 */
public final class Items {
    private Items() {
    }

    public static int spans(List<ResourceSpans> data) {
        int n = 0;
        for (ResourceSpans rs : data) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                n += ss.getSpansCount();
            }
        }
        return n;
    }

    public static int dataPoints(List<ResourceMetrics> data) {
        int n = 0;
        for (ResourceMetrics rm : data) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    n += dataPoints(m);
                }
            }
        }
        return n;
    }

    public static int dataPoints(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    /** The first {@code count} spans and the rest, each as its own list. */
    public record Split<T>(List<T> head, List<T> tail) {
    }

    public static Split<ResourceSpans> splitSpans(List<ResourceSpans> data, int count) {
        List<ResourceSpans> head = new ArrayList<>();
        List<ResourceSpans> tail = new ArrayList<>();
        int left = count;
        for (ResourceSpans rs : data) {
            if (left <= 0) {
                tail.add(rs);
                continue;
            }
            ResourceSpans.Builder h = rs.toBuilder().clearScopeSpans();
            ResourceSpans.Builder t = rs.toBuilder().clearScopeSpans();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                int n = ss.getSpansCount();
                if (left >= n) {
                    h.addScopeSpans(ss);
                    left -= n;
                } else if (left > 0) {
                    h.addScopeSpans(ss.toBuilder().clearSpans().addAllSpans(ss.getSpansList().subList(0, left)));
                    t.addScopeSpans(ss.toBuilder().clearSpans().addAllSpans(ss.getSpansList().subList(left, n)));
                    left = 0;
                } else {
                    t.addScopeSpans(ss);
                }
            }
            if (h.getScopeSpansCount() > 0) {
                head.add(h.build());
            }
            if (t.getScopeSpansCount() > 0) {
                tail.add(t.build());
            }
        }
        return new Split<>(head, tail);
    }

    public static Split<ResourceMetrics> splitDataPoints(List<ResourceMetrics> data, int count) {
        List<ResourceMetrics> head = new ArrayList<>();
        List<ResourceMetrics> tail = new ArrayList<>();
        int left = count;
        for (ResourceMetrics rm : data) {
            if (left <= 0) {
                tail.add(rm);
                continue;
            }
            ResourceMetrics.Builder h = rm.toBuilder().clearScopeMetrics();
            ResourceMetrics.Builder t = rm.toBuilder().clearScopeMetrics();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                ScopeMetrics.Builder hs = sm.toBuilder().clearMetrics();
                ScopeMetrics.Builder ts = sm.toBuilder().clearMetrics();
                for (Metric m : sm.getMetricsList()) {
                    int n = dataPoints(m);
                    if (left >= n) {
                        hs.addMetrics(m);
                        left -= n;
                    } else if (left > 0) {
                        hs.addMetrics(points(m, 0, left));
                        ts.addMetrics(points(m, left, n));
                        left = 0;
                    } else {
                        ts.addMetrics(m);
                    }
                }
                if (hs.getMetricsCount() > 0) {
                    h.addScopeMetrics(hs);
                }
                if (ts.getMetricsCount() > 0) {
                    t.addScopeMetrics(ts);
                }
            }
            if (h.getScopeMetricsCount() > 0) {
                head.add(h.build());
            }
            if (t.getScopeMetricsCount() > 0) {
                tail.add(t.build());
            }
        }
        return new Split<>(head, tail);
    }

    /** A copy of {@code m} with data points [from, to). */
    private static Metric points(Metric m, int from, int to) {
        Metric.Builder b = m.toBuilder();
        switch (m.getDataCase()) {
            case GAUGE -> b.getGaugeBuilder().clearDataPoints().addAllDataPoints(m.getGauge().getDataPointsList().subList(from, to));
            case SUM -> b.getSumBuilder().clearDataPoints().addAllDataPoints(m.getSum().getDataPointsList().subList(from, to));
            case HISTOGRAM -> b.getHistogramBuilder().clearDataPoints()
                    .addAllDataPoints(m.getHistogram().getDataPointsList().subList(from, to));
            case EXPONENTIAL_HISTOGRAM -> b.getExponentialHistogramBuilder().clearDataPoints()
                    .addAllDataPoints(m.getExponentialHistogram().getDataPointsList().subList(from, to));
            case SUMMARY -> b.getSummaryBuilder().clearDataPoints().addAllDataPoints(m.getSummary().getDataPointsList().subList(from, to));
            case DATA_NOT_SET -> {
            }
        }
        return b.build();
    }
}
