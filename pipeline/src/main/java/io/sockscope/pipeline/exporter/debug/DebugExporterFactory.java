package io.sockscope.pipeline.exporter.debug;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.pdata.Items;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code debug}: prints what reaches it, for a first look and for troubleshooting; see
 * {@link DebugConfig.Verbosity}. Counts {@code otelcol_exporter_sent_spans} and
 * {@code otelcol_exporter_sent_metric_points} by exporter id (printed or sampled out alike).
 */
public final class DebugExporterFactory implements ExporterFactory<DebugConfig> {
    public static final String TYPE = "debug";

    private final PrintStream out;

    /** Prints to standard output. */
    public DebugExporterFactory() {
        this(System.out);
    }

    /** Prints to {@code out} (tests, or standard error). */
    public DebugExporterFactory(PrintStream out) {
        this.out = out;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<DebugConfig> configClass() {
        return DebugConfig.class;
    }

    @Override
    public DebugConfig defaultConfig() {
        return DebugConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public SignalExporters create(ComponentContext context, DebugConfig config, Set<Signal> signals) {
        DebugExporter e = new DebugExporter(context, config, out);
        return new SignalExporters(signals.contains(Signal.TRACES) ? e : null, signals.contains(Signal.METRICS) ? e : null);
    }

    @Override
    public TracesExporter createTraces(ComponentContext context, DebugConfig config) {
        return new DebugExporter(context, config, out);
    }

    @Override
    public MetricsExporter createMetrics(ComponentContext context, DebugConfig config) {
        return new DebugExporter(context, config, out);
    }

    /** Threading: any thread; each batch is printed in one write so batches do not interleave. */
    static final class DebugExporter implements TracesExporter, MetricsExporter {
        private final DebugConfig config;
        private final PrintStream out;
        private final LongAdder sentSpans;
        private final LongAdder sentPoints;
        private long windowStart;
        private long inWindow;

        DebugExporter(ComponentContext context, DebugConfig config, PrintStream out) {
            this.config = config;
            this.out = out;
            this.sentSpans = context.telemetry().counter("otelcol_exporter_sent_spans", "exporter", context.id());
            this.sentPoints = context.telemetry().counter("otelcol_exporter_sent_metric_points", "exporter", context.id());
        }

        @Override
        public void consumeTraces(List<ResourceSpans> resourceSpans) {
            sentSpans.add(Items.spans(resourceSpans));
            if (!sampled()) {
                return;
            }
            print(switch (config.verbosity()) {
                case BASIC -> DebugFormat.basicTraces(resourceSpans);
                case NORMAL -> DebugFormat.normalTraces(resourceSpans);
                case DETAILED -> DebugFormat.detailedTraces(resourceSpans);
            });
        }

        @Override
        public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
            sentPoints.add(Items.dataPoints(resourceMetrics));
            if (!sampled()) {
                return;
            }
            print(switch (config.verbosity()) {
                case BASIC -> DebugFormat.basicMetrics(resourceMetrics);
                case NORMAL -> DebugFormat.normalMetrics(resourceMetrics);
                case DETAILED -> DebugFormat.detailedMetrics(resourceMetrics);
            });
        }

        /** zap-style sampling: the first N batches of each second, then every Mth. */
        private synchronized boolean sampled() {
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                windowStart = now;
                inWindow = 0;
            }
            inWindow++;
            return inWindow <= config.samplingInitial() || (inWindow - config.samplingInitial()) % config.samplingThereafter() == 0;
        }

        private void print(String text) {
            String block = text.endsWith("\n") ? text : text + "\n";
            synchronized (out) {
                out.print(block);
                out.flush();
            }
        }
    }
}
