package io.sockscope.semconv;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.semconv.resource.ResourceMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sockscope.semconv.Exchanges.client;
import static io.sockscope.semconv.Exchanges.http;
import static io.sockscope.semconv.Exchanges.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SpanBatcherTest {
    private static final ProcessInfo API = new ProcessInfo(100, 1, "java", null, null, null, "api", null);
    private static final ProcessInfo REDIS = new ProcessInfo(200, 2, "redis-server", null, null, null, null, null);

    private final SpanBatcher batcher = new SpanBatcher(SpanMapper.create(), new ResourceMapper("node-1"));

    @Test
    void groupsByProcessInFirstSeenOrder() {
        List<Exchange> exchanges = List.of(
                server().process(API).http(http("GET", "/a")).build(),
                server().process(REDIS).local("10.0.0.1", 6379).build(),
                client().process(API).remote("10.0.0.1", 6379).build(),
                server().process(API).http(http("POST", "/b")).build());

        List<ResourceSpans> out = batcher.toResourceSpans(exchanges);

        assertThat(out).hasSize(2);
        assertThat(Attributes.of(out.get(0).getResource())).contains(entry("service.name", "api"));
        assertThat(Attributes.of(out.get(1).getResource())).contains(entry("service.name", "unknown_service:redis-server"));
        assertThat(out.get(0).getScopeSpansList()).hasSize(1);
        assertThat(out.get(0).getScopeSpans(0).getSpansList())
                .extracting(s -> s.getName())
                .containsExactly("GET", "10.0.0.1:6379", "POST");
        assertThat(out.get(1).getScopeSpans(0).getSpansCount()).isEqualTo(1);
    }

    @Test
    void scopeAndSchemaAreSockscopes() {
        List<ResourceSpans> out = batcher.toResourceSpans(List.of(server().process(API).build()));

        ResourceSpans rs = out.getFirst();
        ScopeSpans ss = rs.getScopeSpans(0);
        assertThat(rs.getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.45.0");
        assertThat(ss.getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.45.0");
        assertThat(ss.getScope().getName()).isEqualTo("io.sockscope");
        assertThat(ss.getScope().getVersion()).isEqualTo(Instrumentation.VERSION).isNotEqualTo("unknown");
    }

    @Test
    void equalResourcesFromDifferentInstancesShareOneGroup() {
        // Two mappers build equal but distinct Resource instances; the batcher groups by equality.
        ResourceMapper first = new ResourceMapper("node-1");
        first.resourceOf(API);
        List<ResourceSpans> out = batcher.toResourceSpans(List.of(
                server().process(API).build(),
                server().process(new ProcessInfo(100, 1, "java", null, null, null, "api", null)).build()));

        assertThat(out).hasSize(1);
        assertThat(out.getFirst().getScopeSpans(0).getSpansCount()).isEqualTo(2);
    }

    @Test
    void emptyInEmptyOut() {
        assertThat(batcher.toResourceSpans(List.of())).isEmpty();
        assertThat(batcher.droppedExchanges()).isZero();
    }

    @Test
    void anExchangeThatCannotBeMappedIsCountedNotFatal() {
        List<Exchange> exchanges = new java.util.ArrayList<>();
        exchanges.add(server().process(API).build());
        exchanges.add(null);
        exchanges.add(server().process(API).build());

        List<ResourceSpans> out = batcher.toResourceSpans(exchanges);

        assertThat(out.getFirst().getScopeSpans(0).getSpansCount()).isEqualTo(2);
        assertThat(batcher.droppedExchanges()).isEqualTo(1);
    }
}
