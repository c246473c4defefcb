package io.sockscope.pipeline.exporter.queue;

import com.google.protobuf.MessageLite;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an export into requests that fit the receiving side. OTLP servers refuse messages over
 * 4 MiB by default (gRPC's limit, the Collector's {@code max_recv_msg_size_mib}) with a status that
 * is not retryable: a large batch would be lost whole. Items of one resource and scope stay together
 * as far as the size allows. The item is a span for traces and a whole metric (all its data points)
 * for metrics: the cardinality limit (2000 series) keeps one metric of one resource near a megabyte.
 */
public final class RequestSplitter {
    /** Below the usual 4 MiB limit with room for the envelope. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 3 << 20;

    /** How one signal nests its items: resource, then scope, then item. */
    private interface Shape<R extends MessageLite, S extends MessageLite, I extends MessageLite> {
        List<S> scopes(R resource);

        List<I> items(S scope);

        /** Resource and scope without items: what every part repeats. */
        long envelope(R resource, S scope);

        R wrap(R resource, S scope, List<I> items);
    }

    private static final Shape<ResourceSpans, ScopeSpans, Span> SPANS = new Shape<>() {
        @Override
        public List<ScopeSpans> scopes(ResourceSpans resource) {
            return resource.getScopeSpansList();
        }

        @Override
        public List<Span> items(ScopeSpans scope) {
            return scope.getSpansList();
        }

        @Override
        public long envelope(ResourceSpans resource, ScopeSpans scope) {
            return resource.getResource().getSerializedSize() + resource.getSchemaUrlBytes().size()
                    + scope.getScope().getSerializedSize() + scope.getSchemaUrlBytes().size() + 32;
        }

        @Override
        public ResourceSpans wrap(ResourceSpans resource, ScopeSpans scope, List<Span> items) {
            return resource.toBuilder().clearScopeSpans()
                    .addScopeSpans(scope.toBuilder().clearSpans().addAllSpans(items)).build();
        }
    };

    private static final Shape<ResourceMetrics, ScopeMetrics, Metric> METRICS = new Shape<>() {
        @Override
        public List<ScopeMetrics> scopes(ResourceMetrics resource) {
            return resource.getScopeMetricsList();
        }

        @Override
        public List<Metric> items(ScopeMetrics scope) {
            return scope.getMetricsList();
        }

        @Override
        public long envelope(ResourceMetrics resource, ScopeMetrics scope) {
            return resource.getResource().getSerializedSize() + resource.getSchemaUrlBytes().size()
                    + scope.getScope().getSerializedSize() + scope.getSchemaUrlBytes().size() + 32;
        }

        @Override
        public ResourceMetrics wrap(ResourceMetrics resource, ScopeMetrics scope, List<Metric> items) {
            return resource.toBuilder().clearScopeMetrics()
                    .addScopeMetrics(scope.toBuilder().clearMetrics().addAllMetrics(items)).build();
        }
    };

    private RequestSplitter() {
    }

    /** {@code resourceSpans} itself when it fits, else parts of at most about {@code maxBytes} each. */
    public static List<List<ResourceSpans>> split(List<ResourceSpans> resourceSpans, int maxBytes) {
        return split(resourceSpans, maxBytes, SPANS);
    }

    /** {@code resourceMetrics} itself when it fits, else parts of at most about {@code maxBytes} each. */
    public static List<List<ResourceMetrics>> splitMetrics(List<ResourceMetrics> resourceMetrics, int maxBytes) {
        return split(resourceMetrics, maxBytes, METRICS);
    }

    private static <R extends MessageLite, S extends MessageLite, I extends MessageLite> List<List<R>> split(
            List<R> resources, int maxBytes, Shape<R, S, I> shape) {
        long total = 0;
        for (R r : resources) {
            total += r.getSerializedSize() + 8;
        }
        if (total <= maxBytes) {
            return List.of(resources);
        }
        List<List<R>> parts = new ArrayList<>();
        Part<R> part = new Part<>(parts, maxBytes);
        for (R r : resources) {
            if (r.getSerializedSize() + 8 <= maxBytes) {
                part.add(r, r.getSerializedSize() + 8);
                continue;
            }
            for (S s : shape.scopes(r)) {
                List<I> items = new ArrayList<>();
                long size = shape.envelope(r, s);
                for (I item : shape.items(s)) {
                    int itemSize = item.getSerializedSize() + 8;
                    if (!items.isEmpty() && size + itemSize > part.room()) {
                        part.add(shape.wrap(r, s, items), size);
                        part.close();
                        items = new ArrayList<>();
                        size = shape.envelope(r, s);
                    }
                    items.add(item);
                    size += itemSize;
                }
                if (!items.isEmpty()) {
                    part.add(shape.wrap(r, s, items), size);
                }
            }
        }
        part.close();
        return parts;
    }

    /** The part being filled. */
    private static final class Part<R> {
        private final List<List<R>> parts;
        private final int maxBytes;
        private List<R> items = new ArrayList<>();
        private long size;

        Part(List<List<R>> parts, int maxBytes) {
            this.parts = parts;
            this.maxBytes = maxBytes;
        }

        long room() {
            return maxBytes - size;
        }

        void add(R resource, long bytes) {
            if (!items.isEmpty() && size + bytes > maxBytes) {
                close();
            }
            items.add(resource);
            size += bytes;
        }

        void close() {
            if (!items.isEmpty()) {
                parts.add(items);
                items = new ArrayList<>();
                size = 0;
            }
        }
    }
}
