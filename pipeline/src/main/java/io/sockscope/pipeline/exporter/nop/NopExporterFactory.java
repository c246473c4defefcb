package io.sockscope.pipeline.exporter.nop;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.pdata.Items;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code nop}: the Collector's {@code nopexporter}. Accepts everything and drops it, counting
 * {@code otelcol_exporter_sent_spans} and {@code otelcol_exporter_sent_metric_points} by exporter id.
 * For benchmarks (the cost of everything before the exporter) and for pipelines kept only for their
 * side effects (a connector's metrics). Takes no settings: {@code exporters: {nop: {}}}.
 */
public final class NopExporterFactory implements ExporterFactory<NopExporterFactory.NopConfig> {
    public static final String TYPE = "nop";

    /** No settings. */
    public record NopConfig() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<NopConfig> configClass() {
        return NopConfig.class;
    }

    @Override
    public NopConfig defaultConfig() {
        return new NopConfig();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public SignalExporters create(ComponentContext context, NopConfig config, Set<Signal> signals) {
        NopExporter e = new NopExporter(context);
        return new SignalExporters(signals.contains(Signal.TRACES) ? e : null, signals.contains(Signal.METRICS) ? e : null);
    }

    @Override
    public TracesExporter createTraces(ComponentContext context, NopConfig config) {
        return new NopExporter(context);
    }

    @Override
    public MetricsExporter createMetrics(ComponentContext context, NopConfig config) {
        return new NopExporter(context);
    }

    /** Threading: any thread. */
    static final class NopExporter implements TracesExporter, MetricsExporter {
        private final LongAdder sentSpans;
        private final LongAdder sentPoints;

        NopExporter(ComponentContext context) {
            this.sentSpans = context.telemetry().counter("otelcol_exporter_sent_spans", "exporter", context.id());
            this.sentPoints = context.telemetry().counter("otelcol_exporter_sent_metric_points", "exporter", context.id());
        }

        @Override
        public void consumeTraces(List<ResourceSpans> resourceSpans) {
            sentSpans.add(Items.spans(resourceSpans));
        }

        @Override
        public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
            sentPoints.add(Items.dataPoints(resourceMetrics));
        }
    }
}
