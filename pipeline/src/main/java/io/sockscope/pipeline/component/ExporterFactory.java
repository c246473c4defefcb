package io.sockscope.pipeline.component;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;

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

    interface TracesExporter extends TracesConsumer, Component {
    }

    interface MetricsExporter extends MetricsConsumer, Component {
    }
}
