package io.sockscope.pipeline.fanout;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.TracesConsumer;

import java.util.List;

/**
 * Hands the same spans to several consumers (one receiver feeding several pipelines, one pipeline
 * feeding several exporters), by the rule of {@link FanOut}.
 */
public final class TracesFanOut implements TracesConsumer {
    private final TracesConsumer[] consumers;

    private TracesFanOut(List<TracesConsumer> consumers) {
        this.consumers = consumers.toArray(TracesConsumer[]::new);
    }

    /** The consumer itself when there is one, a fan-out otherwise. */
    public static TracesConsumer of(List<TracesConsumer> consumers) {
        if (consumers.isEmpty()) {
            throw new IllegalArgumentException("a fan-out needs at least one consumer");
        }
        return consumers.size() == 1 ? consumers.getFirst() : new TracesFanOut(consumers);
    }

    @Override
    public void consumeTraces(List<ResourceSpans> resourceSpans) {
        FanOut.deliver(consumers, resourceSpans, TracesConsumer::consumeTraces);
    }
}
