package io.sockscope.pipeline.component;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;

import java.util.Set;

/** Creates exporters: one instance per exporter id, shared by every pipeline that names it. */
public interface ExporterFactory<C extends Record> extends ComponentFactory<C> {
    @Override
    default Kind kind() {
        return Kind.EXPORTER;
    }

    default TracesExporter createTraces(ComponentContext context, C config) throws Exception {
        throw new UnsupportedOperationException(type() + " does not export traces");
    }

    default MetricsExporter createMetrics(ComponentContext context, C config) throws Exception {
        throw new UnsupportedOperationException(type() + " does not export metrics");
    }

    /**
     * Creates the one instance of this exporter id, for every signal of the pipelines that name it;
     * the assembler calls it once per exporter id. The default calls {@link #createTraces} and
     * {@link #createMetrics}; override it when one object must serve both signals (one file, one
     * connection) and return that object in both slots: the assembler starts and shuts down each
     * distinct object once.
     */
    default SignalExporters create(ComponentContext context, C config, Set<Signal> signals) throws Exception {
        TracesExporter traces = signals.contains(Signal.TRACES) ? createTraces(context, config) : null;
        MetricsExporter metrics = signals.contains(Signal.METRICS) ? createMetrics(context, config) : null;
        return new SignalExporters(traces, metrics);
    }

    /** What {@link #create} made; a slot is null when no pipeline of that signal names the exporter. */
    record SignalExporters(TracesExporter traces, MetricsExporter metrics) {
    }

    interface TracesExporter extends TracesConsumer, Component {
    }

    interface MetricsExporter extends MetricsConsumer, Component {
    }
}
