package io.sockscope.pipeline.component;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;

/** Creates processors: one instance per pipeline that names it, as in the Collector. */
public interface ProcessorFactory<C extends Record> extends ComponentFactory<C> {
    @Override
    default Kind kind() {
        return Kind.PROCESSOR;
    }

    default TracesProcessor createTraces(ComponentContext context, C config, TracesConsumer next) throws Exception {
        throw new UnsupportedOperationException(type() + " does not process traces");
    }

    default MetricsProcessor createMetrics(ComponentContext context, C config, MetricsConsumer next) throws Exception {
        throw new UnsupportedOperationException(type() + " does not process metrics");
    }

    interface TracesProcessor extends TracesConsumer, Component {
    }

    interface MetricsProcessor extends MetricsConsumer, Component {
    }
}
