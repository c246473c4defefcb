package io.sockscope.pipeline.fanout;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.TracesConsumer;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands the same spans to several consumers (one receiver feeding several pipelines, one pipeline
 * feeding several exporters). Each consumer gets its own list, since ownership passes to it; the
 * proto messages themselves are immutable and shared. Every consumer is called even when one throws;
 * the first failure is rethrown with the others suppressed.
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
        RuntimeException failure = null;
        for (int i = 0; i < consumers.length; i++) {
            List<ResourceSpans> own = i == consumers.length - 1 ? resourceSpans : new ArrayList<>(resourceSpans);
            try {
                consumers[i].consumeTraces(own);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
