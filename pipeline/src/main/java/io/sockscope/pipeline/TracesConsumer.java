package io.sockscope.pipeline;

import io.opentelemetry.proto.trace.v1.ResourceSpans;

import java.util.List;

/**
 * Takes spans, in OTLP's own data model (the Collector's pdata). Ownership passes to the consumer:
 * callers must not reuse the list. Implementations never block their caller for long: exporters
 * queue (bounded) and count what they drop.
 */
@FunctionalInterface
public interface TracesConsumer {
    void consumeTraces(List<ResourceSpans> resourceSpans);
}
