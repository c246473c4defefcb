package io.sockscope.pipeline.connector.servicegraph;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.connector.MetricsHandOff;
import io.sockscope.pipeline.aggregation.MetricAggregator;
import io.sockscope.pipeline.aggregation.Temporality;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ConnectorFactory;
import io.sockscope.pipeline.connector.AttributeLookup;
import io.sockscope.pipeline.connector.PeriodicFlush;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Pairs the client and server spans of each request between two services and counts the edges:
 * {@code traces_service_graph_request_total}, {@code traces_service_graph_request_failed_total},
 * {@code traces_service_graph_request_server_seconds} and {@code traces_service_graph_request_client_seconds},
 * by {@code client}, {@code server}, {@code connection_type} and {@code failed}, as the Collector's
 * connector and Tempo do. Pairing: by span ids (the client's span id is the server's parent span id),
 * else, for kernel spans that share no ids, by the connection both ends saw ({@link HalfEdge.TupleKey},
 * needs {@code network.local.*} on the spans), else by the server port and containing times
 * ({@link HalfEdge.PortKey}, kernel spans only).
 *
 * <p>Threading: {@link #consumeTraces} from any pipeline thread, expiry and flushes from their own
 * threads; one lock guards the store and the aggregator, and metrics are handed on outside it.
 */
final class ServiceGraphConnector implements ConnectorFactory.TracesConnector {
    static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("traces_service_graph").build();
    /** Spans Sockscope makes from the kernel: the only ones paired by port alone. */
    static final String KERNEL_SCOPE = "io.sockscope";
    static final String UNKNOWN = "";
    static final String MESSAGING_SYSTEM = "messaging_system";
    static final String DATABASE = "database";

    private final ServiceGraphConfig config;
    private final MetricsHandOff handOff;
    private final LongSupplier clock;
    private final MetricAggregator aggregator;
    private final MetricAggregator.Counter requests;
    private final MetricAggregator.Counter failedRequests;
    private final MetricAggregator.Histogram serverSeconds;
    private final MetricAggregator.Histogram clientSeconds;
    private final EdgeStore store;
    private final PeriodicFlush flusher;
    private final PeriodicFlush expirer;
    private final LongAdder totalEdges;
    private final LongAdder expiredEdges;
    private final LongAdder droppedSpans;
    private final Object lock = new Object();
    private boolean shutDown;

    /** @param clock epoch nanoseconds: metric timestamps and the store's time to live */
    ServiceGraphConnector(ComponentContext context, ServiceGraphConfig config, MetricsConsumer next, LongSupplier clock) {
        this.config = config;
        this.handOff = new MetricsHandOff(context, next);
        this.clock = clock;
        // The Collector reports cumulative service graph metrics only.
        this.aggregator = new MetricAggregator(SCOPE, null, Temporality.CUMULATIVE, MetricAggregator.DEFAULT_CARDINALITY_LIMIT,
                clock.getAsLong());
        this.requests = aggregator.counter("traces_service_graph_request_total", "", "");
        this.failedRequests = aggregator.counter("traces_service_graph_request_failed_total", "", "");
        this.serverSeconds = aggregator.histogram("traces_service_graph_request_server_seconds", "", "s", config.bounds());
        this.clientSeconds = aggregator.histogram("traces_service_graph_request_client_seconds", "", "s", config.bounds());
        this.store = new EdgeStore(config.store().ttl().toNanos(), config.store().maxItems(), new EdgeStore.Listener() {
            @Override
            public void paired(HalfEdge client, HalfEdge server) {
                record(client, server);
            }

            @Override
            public void expired(HalfEdge half) {
                expiredEdges.increment();
            }
        });
        String id = context.id();
        this.flusher = config.metricsFlushInterval().isZero() ? null
                : new PeriodicFlush("servicegraph-" + id, config.metricsFlushInterval(), this::flush);
        this.expirer = new PeriodicFlush("servicegraph-expiry-" + id, config.storeExpirationLoop(), this::expire);
        this.totalEdges = context.telemetry().counter("otelcol_connector_servicegraph_total_edges", "connector", id);
        this.expiredEdges = context.telemetry().counter("otelcol_connector_servicegraph_expired_edges", "connector", id);
        this.droppedSpans = context.telemetry().counter("otelcol_connector_servicegraph_dropped_spans", "connector", id);
        context.telemetry().gauge("sockscope_connector_servicegraph_pending_edges", "connector", id, this::pending);
    }

    @Override
    public void consumeTraces(List<ResourceSpans> resourceSpans) {
        long now = clock.getAsLong();
        synchronized (lock) {
            for (ResourceSpans rs : resourceSpans) {
                List<KeyValue> resourceAttributes = rs.getResource().getAttributesList();
                String service = AttributeLookup.string("service.name", resourceAttributes);
                if (service == null) {
                    continue; // as the Collector: no service, no edge
                }
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    boolean kernel = ss.getScope().getName().equals(KERNEL_SCOPE);
                    for (Span span : ss.getSpansList()) {
                        consume(service, span, resourceAttributes, kernel, now);
                    }
                }
            }
        }
        if (flusher == null) {
            flush();
        }
    }

    private void consume(String service, Span span, List<KeyValue> resourceAttributes, boolean kernel, long now) {
        HalfEdge.Side side = switch (span.getKind()) {
            case SPAN_KIND_CLIENT, SPAN_KIND_PRODUCER -> HalfEdge.Side.CLIENT;
            case SPAN_KIND_SERVER, SPAN_KIND_CONSUMER -> HalfEdge.Side.SERVER;
            default -> null;
        };
        if (side == null) {
            return;
        }
        boolean client = side == HalfEdge.Side.CLIENT;
        boolean messaging = span.getKind() == Span.SpanKind.SPAN_KIND_PRODUCER || span.getKind() == Span.SpanKind.SPAN_KIND_CONSUMER;
        boolean failed = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (String d : config.dimensions()) {
            AnyValue v = AttributeLookup.find(d, resourceAttributes, span.getAttributesList());
            if (v != null) {
                dimensions.put((client ? "client_" : "server_") + d, AttributeLookup.text(v));
            }
        }
        HalfEdge half = new HalfEdge(side, service, span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), failed, messaging,
                dimensions, keys(span, client, kernel));
        if (client) {
            String database = database(span, resourceAttributes);
            if (database != null) {
                // A database answers with no span of its own: the client span is the whole edge.
                totalEdges.increment();
                record(half, new HalfEdge(HalfEdge.Side.SERVER, database, half.startNanos(), half.endNanos(), false, false,
                        Map.of(), List.of()), DATABASE);
                return;
            }
        }
        switch (store.offer(half, now)) {
            case STORED -> totalEdges.increment();
            case DROPPED -> droppedSpans.increment();
            case PAIRED -> {
            }
        }
    }

    private String database(Span span, List<KeyValue> resourceAttributes) {
        for (String name : config.databaseNameAttributes()) {
            AnyValue v = AttributeLookup.find(name, resourceAttributes, span.getAttributesList());
            if (v != null) {
                return AttributeLookup.text(v);
            }
        }
        return null;
    }

    /** The keys of a span's half edge, best first. */
    private static List<Object> keys(Span span, boolean client, boolean kernel) {
        List<Object> keys = new ArrayList<>(3);
        List<KeyValue> a = span.getAttributesList();
        if (client && !span.getSpanId().isEmpty()) {
            keys.add(new HalfEdge.IdKey(span.getTraceId(), span.getSpanId()));
        } else if (!client && !span.getParentSpanId().isEmpty()) {
            keys.add(new HalfEdge.IdKey(span.getTraceId(), span.getParentSpanId()));
        }
        String peer = address(AttributeLookup.string("network.peer.address", a));
        long peerPort = AttributeLookup.integer("network.peer.port", a);
        String local = address(AttributeLookup.string("network.local.address", a));
        long localPort = AttributeLookup.integer("network.local.port", a);
        if (peer != null && peerPort > 0 && local != null && localPort > 0) {
            keys.add(client ? new HalfEdge.TupleKey(local, localPort, peer, peerPort)
                    : new HalfEdge.TupleKey(peer, peerPort, local, localPort));
        }
        if (kernel) {
            long serverPort = client ? (peerPort > 0 ? peerPort : AttributeLookup.integer("server.port", a))
                    : (localPort > 0 ? localPort : AttributeLookup.integer("server.port", a));
            if (serverPort > 0) {
                keys.add(new HalfEdge.PortKey(serverPort));
            }
        }
        return List.copyOf(keys);
    }

    /** One spelling per IPv4 address: {@code ::ffff:10.0.0.1} is {@code 10.0.0.1}. */
    static String address(String a) {
        if (a == null || a.isEmpty()) {
            return null;
        }
        return a.regionMatches(true, 0, "::ffff:", 0, 7) && a.indexOf('.') > 0 ? a.substring(7) : a;
    }

    private void record(HalfEdge client, HalfEdge server) {
        record(client, server, client.messaging() || server.messaging() ? MESSAGING_SYSTEM : UNKNOWN);
    }

    private void record(HalfEdge client, HalfEdge server, String connectionType) {
        boolean failed = client.failed() || server.failed();
        List<KeyValue> attributes = new ArrayList<>(4 + 2 * config.dimensions().size());
        attributes.add(kv("client", str(client.service())));
        attributes.add(kv("server", str(server.service())));
        attributes.add(kv("connection_type", str(connectionType)));
        attributes.add(kv("failed", AnyValue.newBuilder().setBoolValue(failed).build()));
        for (String d : config.dimensions()) {
            String c = client.dimensions().get("client_" + d);
            if (c != null) {
                attributes.add(kv("client_" + d, str(c)));
            }
            String s = server.dimensions().get("server_" + d);
            if (s != null) {
                attributes.add(kv("server_" + d, str(s)));
            }
        }
        long now = clock.getAsLong();
        Resource resource = Resource.getDefaultInstance();
        requests.add(resource, attributes, 1, now);
        if (failed) {
            failedRequests.add(resource, attributes, 1, now);
        }
        serverSeconds.record(resource, attributes, server.seconds(), now);
        clientSeconds.record(resource, attributes, client.seconds(), now);
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** Forgets half edges past their time to live, counting them. */
    void expire() {
        synchronized (lock) {
            store.expire(clock.getAsLong());
        }
    }

    long pending() {
        synchronized (lock) {
            return store.size();
        }
    }

    /** Hands the metrics so far to the next consumer; nothing when no edge was seen yet. */
    void flush() {
        List<ResourceMetrics> metrics;
        synchronized (lock) {
            metrics = aggregator.collect(clock.getAsLong());
        }
        handOff.send(metrics);
    }

    @Override
    public void start() {
        expirer.start();
        if (flusher != null) {
            flusher.start();
        }
    }

    /** Stops the timers and hands on the last metrics; half edges still waiting are left unpaired. Idempotent. */
    @Override
    public void shutdown() {
        synchronized (lock) {
            if (shutDown) {
                return;
            }
            shutDown = true;
        }
        expirer.stop();
        if (flusher != null) {
            flusher.stop();
        }
        flush();
    }
}
