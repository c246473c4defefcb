package io.sockscope.semconv;

import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.receiver.Exchange;
import io.sockscope.semconv.resource.ResourceMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns exchanges into the OTLP shape an exporter sends: one {@link ResourceSpans} per process
 * (resource), each with one {@link ScopeSpans} for the {@code io.sockscope} scope, in the order the
 * processes first appear, spans in input order. Both carry the semantic conventions 1.45 schema URL.
 *
 * <p>An exchange that fails to map (a bug, never expected) is dropped and counted in
 * {@link #droppedExchanges()}, so one bad exchange cannot lose a batch. Thread-safe.
 */
public final class SpanBatcher {
    private final SpanMapper spans;
    private final ResourceMapper resources;
    private final LongAdder dropped = new LongAdder();

    public SpanBatcher(SpanMapper spans, ResourceMapper resources) {
        this.spans = Objects.requireNonNull(spans, "spans");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /** Sees each exchange with its span and resource as it is mapped: metrics come from the same mapping. */
    @FunctionalInterface
    public interface Observer {
        void mapped(Exchange exchange, Span span, Resource resource);
    }

    public List<ResourceSpans> toResourceSpans(List<Exchange> exchanges) {
        return toResourceSpans(exchanges, null);
    }

    /**
     * Maps and groups {@code exchanges}; {@code observer} (may be null) sees each one mapped. An
     * observer that throws loses that exchange like a mapping failure, not the batch.
     */
    public List<ResourceSpans> toResourceSpans(List<Exchange> exchanges, Observer observer) {
        // Resources are cached per process, so equal ones are usually the same instance; a protobuf
        // message memoizes its hash code, so grouping by equality costs little more than by identity.
        Map<Resource, List<Span>> byResource = new LinkedHashMap<>();
        for (Exchange exchange : exchanges) {
            Span span;
            Resource resource;
            try {
                span = spans.map(exchange);
                // The size is memoized: computing it now, while the span is in the CPU cache, spares
                // the exporter a cold walk of every span of a batch (bench/SpanPipelineBench).
                span.getSerializedSize();
                resource = resources.resourceOf(exchange);
                if (observer != null) {
                    observer.mapped(exchange, span, resource);
                }
            } catch (RuntimeException e) {
                dropped.increment();
                continue;
            }
            byResource.computeIfAbsent(resource, r -> new ArrayList<>()).add(span);
        }
        List<ResourceSpans> out = new ArrayList<>(byResource.size());
        for (Map.Entry<Resource, List<Span>> e : byResource.entrySet()) {
            out.add(resourceSpans(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** One resource's spans in the {@code io.sockscope} scope. */
    public static ResourceSpans resourceSpans(Resource resource, List<Span> spans) {
        return ResourceSpans.newBuilder()
                .setResource(resource)
                .setSchemaUrl(Instrumentation.SCHEMA_URL)
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(Instrumentation.SCOPE)
                        .setSchemaUrl(Instrumentation.SCHEMA_URL)
                        .addAllSpans(spans))
                .build();
    }

    /** Exchanges dropped because mapping them threw, since this batcher was made. */
    public long droppedExchanges() {
        return dropped.sum();
    }
}
