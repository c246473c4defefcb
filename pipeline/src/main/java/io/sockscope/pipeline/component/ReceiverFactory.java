package io.sockscope.pipeline.component;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;

/**
 * Creates receivers. One receiver may feed several pipelines: the assembler calls each create method
 * at most once per receiver id, with a consumer that fans out to every pipeline naming it.
 */
public interface ReceiverFactory<C extends Record> extends ComponentFactory<C> {
    @Override
    default Kind kind() {
        return Kind.RECEIVER;
    }

    /**
     * Creates the receiver for every signal it feeds; a consumer is null when no pipeline of that
     * signal names this receiver. Called once per receiver id.
     */
    Component create(ComponentContext context, C config, TracesConsumer traces, MetricsConsumer metrics) throws Exception;
}
