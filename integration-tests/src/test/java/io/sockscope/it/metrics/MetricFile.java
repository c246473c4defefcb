package io.sockscope.it.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.sockscope.it.support.CompleteLines;
import io.sockscope.pipeline.otlpjson.OtlpJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code file} exporter wrote for metrics: one {@code {"resourceMetrics":[...]}} object a
 * line. Only complete lines are read, so a line being written is never half-parsed.
 */
final class MetricFile {
    /** One data point of a sum or histogram, with its metric's temporality and its resource. */
    record Point(String metric, Resource resource, List<KeyValue> attributes, AggregationTemporality temporality,
                 HistogramDataPoint histogram, NumberDataPoint number) {
        String attr(String key) {
            return LiveMetrics.value(attributes, key);
        }

        String resourceAttr(String key) {
            return LiveMetrics.value(resource.getAttributesList(), key);
        }

        long timeUnixNano() {
            return histogram != null ? histogram.getTimeUnixNano() : number.getTimeUnixNano();
        }

        /** A histogram's count, a sum's value. */
        long count() {
            return histogram != null ? histogram.getCount() : number.getAsInt();
        }
    }

    private final Path path;

    MetricFile(Path path) {
        this.path = path;
    }

    /** Complete lines written so far. */
    List<String> lines() {
        return CompleteLines.of(path);
    }

    /** Every point of the metric so far, in file order. */
    List<Point> points(String metric) {
        List<Point> out = new ArrayList<>();
        for (String line : lines()) {
            List<ResourceMetrics> parsed;
            try {
                parsed = OtlpJson.parseMetrics(line);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not an OTLP JSON metrics line: " + line, e);
            }
            for (ResourceMetrics rm : parsed) {
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        if (!m.getName().equals(metric)) {
                            continue;
                        }
                        if (m.hasHistogram()) {
                            AggregationTemporality t = m.getHistogram().getAggregationTemporality();
                            m.getHistogram().getDataPointsList().forEach(p -> out.add(new Point(metric, rm.getResource(),
                                    p.getAttributesList(), t, p, null)));
                        } else if (m.hasSum()) {
                            AggregationTemporality t = m.getSum().getAggregationTemporality();
                            m.getSum().getDataPointsList().forEach(p -> out.add(new Point(metric, rm.getResource(),
                                    p.getAttributesList(), t, null, p)));
                        }
                    }
                }
            }
        }
        return out;
    }
}
