package io.sockscope.pipeline.exporter.queue;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an export into requests that fit the receiving side. OTLP servers refuse messages over
 * 4 MiB by default (gRPC's limit, the Collector's {@code max_recv_msg_size_mib}) with a status that
 * is not retryable: a large batch would be lost whole. Spans of one resource and scope stay
 * together as far as the size allows.
 */
public final class RequestSplitter {
    /** Below the usual 4 MiB limit with room for the envelope. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 3 << 20;

    private RequestSplitter() {
    }

    /** {@code resourceSpans} itself when it fits, else parts of at most about {@code maxBytes} each. */
    public static List<List<ResourceSpans>> split(List<ResourceSpans> resourceSpans, int maxBytes) {
        long total = 0;
        for (ResourceSpans rs : resourceSpans) {
            total += rs.getSerializedSize() + 8;
        }
        if (total <= maxBytes) {
            return List.of(resourceSpans);
        }
        List<List<ResourceSpans>> parts = new ArrayList<>();
        Part part = new Part(parts, maxBytes);
        for (ResourceSpans rs : resourceSpans) {
            if (rs.getSerializedSize() + 8 <= maxBytes) {
                part.add(rs, rs.getSerializedSize() + 8);
                continue;
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder scope = ss.toBuilder().clearSpans();
                long size = envelope(rs, scope);
                for (Span span : ss.getSpansList()) {
                    int spanSize = span.getSerializedSize() + 8;
                    if (scope.getSpansCount() > 0 && size + spanSize > part.room()) {
                        part.add(wrap(rs, scope), size);
                        part.close();
                        scope = ss.toBuilder().clearSpans();
                        size = envelope(rs, scope);
                    }
                    scope.addSpans(span);
                    size += spanSize;
                }
                if (scope.getSpansCount() > 0) {
                    part.add(wrap(rs, scope), size);
                }
            }
        }
        part.close();
        return parts;
    }

    private static long envelope(ResourceSpans rs, ScopeSpans.Builder scope) {
        return rs.getResource().getSerializedSize() + rs.getSchemaUrlBytes().size() + scope.build().getSerializedSize() + 32;
    }

    private static ResourceSpans wrap(ResourceSpans rs, ScopeSpans.Builder scope) {
        return rs.toBuilder().clearScopeSpans().addScopeSpans(scope).build();
    }

    /** The part being filled. */
    private static final class Part {
        private final List<List<ResourceSpans>> parts;
        private final int maxBytes;
        private List<ResourceSpans> items = new ArrayList<>();
        private long size;

        Part(List<List<ResourceSpans>> parts, int maxBytes) {
            this.parts = parts;
            this.maxBytes = maxBytes;
        }

        long room() {
            return maxBytes - size;
        }

        void add(ResourceSpans rs, long bytes) {
            if (!items.isEmpty() && size + bytes > maxBytes) {
                close();
            }
            items.add(rs);
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
