package io.sockscope.pipeline.processor.attraction;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.List;

/** Applies {@link AttributeActions} where each processor wants them: resources, spans, data points. */
public final class AttributeRewrites {
    private AttributeRewrites() {
    }

    public static List<ResourceSpans> resourcesOfSpans(List<ResourceSpans> data, AttributeActions actions) {
        List<ResourceSpans> out = new ArrayList<>(data.size());
        for (ResourceSpans rs : data) {
            List<KeyValue> before = rs.getResource().getAttributesList();
            List<KeyValue> after = actions.apply(before);
            out.add(after == before ? rs : rs.toBuilder().setResource(rs.getResource().toBuilder().clearAttributes().addAllAttributes(after)).build());
        }
        return out;
    }

    public static List<ResourceMetrics> resourcesOfMetrics(List<ResourceMetrics> data, AttributeActions actions) {
        List<ResourceMetrics> out = new ArrayList<>(data.size());
        for (ResourceMetrics rm : data) {
            List<KeyValue> before = rm.getResource().getAttributesList();
            List<KeyValue> after = actions.apply(before);
            out.add(after == before ? rm : rm.toBuilder().setResource(rm.getResource().toBuilder().clearAttributes().addAllAttributes(after)).build());
        }
        return out;
    }

    public static List<ResourceSpans> spans(List<ResourceSpans> data, AttributeActions actions) {
        List<ResourceSpans> out = new ArrayList<>(data.size());
        for (ResourceSpans rs : data) {
            ResourceSpans.Builder rb = rs.toBuilder().clearScopeSpans();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
                for (Span span : ss.getSpansList()) {
                    List<KeyValue> before = span.getAttributesList();
                    List<KeyValue> after = actions.apply(before);
                    sb.addSpans(after == before ? span : span.toBuilder().clearAttributes().addAllAttributes(after).build());
                }
                rb.addScopeSpans(sb);
            }
            out.add(rb.build());
        }
        return out;
    }

    public static List<ResourceMetrics> dataPoints(List<ResourceMetrics> data, AttributeActions actions) {
        List<ResourceMetrics> out = new ArrayList<>(data.size());
        for (ResourceMetrics rm : data) {
            ResourceMetrics.Builder rb = rm.toBuilder().clearScopeMetrics();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                ScopeMetrics.Builder sb = sm.toBuilder().clearMetrics();
                for (Metric m : sm.getMetricsList()) {
                    sb.addMetrics(dataPoints(m, actions));
                }
                rb.addScopeMetrics(sb);
            }
            out.add(rb.build());
        }
        return out;
    }

    private static Metric dataPoints(Metric m, AttributeActions actions) {
        Metric.Builder b = m.toBuilder();
        switch (m.getDataCase()) {
            case GAUGE -> {
                var g = b.getGaugeBuilder();
                for (int i = 0; i < g.getDataPointsCount(); i++) {
                    NumberDataPoint p = g.getDataPoints(i);
                    g.setDataPoints(i, p.toBuilder().clearAttributes().addAllAttributes(actions.apply(p.getAttributesList())));
                }
            }
            case SUM -> {
                var s = b.getSumBuilder();
                for (int i = 0; i < s.getDataPointsCount(); i++) {
                    NumberDataPoint p = s.getDataPoints(i);
                    s.setDataPoints(i, p.toBuilder().clearAttributes().addAllAttributes(actions.apply(p.getAttributesList())));
                }
            }
            case HISTOGRAM -> {
                var h = b.getHistogramBuilder();
                for (int i = 0; i < h.getDataPointsCount(); i++) {
                    HistogramDataPoint p = h.getDataPoints(i);
                    h.setDataPoints(i, p.toBuilder().clearAttributes().addAllAttributes(actions.apply(p.getAttributesList())));
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                var h = b.getExponentialHistogramBuilder();
                for (int i = 0; i < h.getDataPointsCount(); i++) {
                    ExponentialHistogramDataPoint p = h.getDataPoints(i);
                    h.setDataPoints(i, p.toBuilder().clearAttributes().addAllAttributes(actions.apply(p.getAttributesList())));
                }
            }
            case SUMMARY -> {
                var s = b.getSummaryBuilder();
                for (int i = 0; i < s.getDataPointsCount(); i++) {
                    SummaryDataPoint p = s.getDataPoints(i);
                    s.setDataPoints(i, p.toBuilder().clearAttributes().addAllAttributes(actions.apply(p.getAttributesList())));
                }
            }
            case DATA_NOT_SET -> {
            }
        }
        return b.build();
    }
}
