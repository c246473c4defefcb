package io.sockscope.cli.ebpf;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.aggregation.MetricAggregator;
import io.sockscope.pipeline.aggregation.Temporality;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.l4.L4Connection;
import io.sockscope.receiver.l4.L4Listener;
import io.sockscope.semconv.Instrumentation;
import io.sockscope.semconv.metrics.ExchangeMetrics;
import io.sockscope.semconv.metrics.L4Metrics;
import io.sockscope.semconv.metrics.MetricSpec;
import io.sockscope.semconv.resource.ResourceMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The ebpf receiver's metrics: RED histograms of exchanges ({@link ExchangeMetrics}) and TCP metrics
 * of connections ({@link L4Metrics}), aggregated per process resource (the spans' resource) and
 * exported every {@code metrics_interval} on the reader thread, from {@link #onPoll}.
 *
 * <p>Threading: the reader thread only (and shutdown once the reader ended). No locks.
 */
final class EbpfMetrics implements L4Listener {
    private final MetricsConsumer consumer;
    private final ResourceMapper resources;
    private final LongSupplier epochNanos;
    private final long intervalNanos;
    private final MetricAggregator aggregator;
    private final Map<String, MetricAggregator.Histogram> histograms = new HashMap<>();
    private final MetricAggregator.Counter bytes;
    private final MetricAggregator.Counter opened;
    private final MetricAggregator.Counter closed;
    private final MetricAggregator.Counter refused;
    private final MetricAggregator.Counter reset;
    private final MetricAggregator.Counter retransmits;
    private final MetricAggregator.Histogram rtt;
    private final MetricAggregator.Histogram connect;
    private final LongAdder pointsRefused;
    private final LongAdder unattributed;
    private long nextExportNanos;

    EbpfMetrics(MetricsConsumer consumer, ResourceMapper resources, Temporality temporality, int cardinalityLimit,
                long intervalNanos, LongSupplier epochNanos, LongAdder pointsRefused, LongAdder unattributed) {
        this.consumer = consumer;
        this.resources = resources;
        this.epochNanos = epochNanos;
        this.intervalNanos = intervalNanos;
        this.pointsRefused = pointsRefused;
        this.unattributed = unattributed;
        this.aggregator = new MetricAggregator(Instrumentation.SCOPE, Instrumentation.SCHEMA_URL, temporality, cardinalityLimit,
                epochNanos.getAsLong());
        for (MetricSpec spec : ExchangeMetrics.ALL) {
            histograms.put(spec.name(), histogram(spec));
        }
        this.bytes = counter(L4Metrics.IO);
        this.opened = counter(L4Metrics.OPENED);
        this.closed = counter(L4Metrics.CLOSED);
        this.refused = counter(L4Metrics.REFUSED);
        this.reset = counter(L4Metrics.RESET);
        this.retransmits = counter(L4Metrics.RETRANSMITS);
        this.rtt = histogram(L4Metrics.RTT);
        this.connect = histogram(L4Metrics.CONNECT_DURATION);
    }

    private MetricAggregator.Histogram histogram(MetricSpec spec) {
        return aggregator.histogram(spec.name(), spec.description(), spec.unit(), spec.bounds());
    }

    private MetricAggregator.Counter counter(MetricSpec spec) {
        return aggregator.counter(spec.name(), spec.description(), spec.unit());
    }

    /** One exchange, given its span and resource. */
    void record(Exchange exchange, Span span, Resource resource) {
        ExchangeMetrics.Measurement m = ExchangeMetrics.measure(exchange, span);
        long now = span.getEndTimeUnixNano();
        histograms.get(m.duration().name()).record(resource, m.attributes(), m.seconds(), now);
        if (m.opaque()) {
            histograms.get(ExchangeMetrics.EXCHANGE_REQUEST_SIZE_NAME).record(resource, m.attributes(), m.requestBytes(), now);
            histograms.get(ExchangeMetrics.EXCHANGE_RESPONSE_SIZE_NAME).record(resource, m.attributes(), m.responseBytes(), now);
        }
    }

    @Override
    public void onReport(L4Connection c) {
        if (c.process() == null) {
            unattributed.increment(); // no event in the owner's context: whose it was is unknown
            return;
        }
        Resource resource = resources.resourceOf(c.process());
        List<KeyValue> attrs = L4Metrics.attributes(c);
        long now = epochNanos.getAsLong();
        if (c.bytesSent() > 0) {
            bytes.add(resource, L4Metrics.withDirection(attrs, L4Metrics.DIRECTION_TRANSMIT), c.bytesSent(), now);
        }
        if (c.bytesReceived() > 0) {
            bytes.add(resource, L4Metrics.withDirection(attrs, L4Metrics.DIRECTION_RECEIVE), c.bytesReceived(), now);
        }
        if (c.opened()) {
            opened.add(resource, attrs, 1, now);
        }
        if (c.closed()) {
            closed.add(resource, attrs, 1, now);
        }
        if (c.refused()) {
            refused.add(resource, attrs, 1, now);
        }
        if (c.reset()) {
            reset.add(resource, attrs, 1, now);
        }
        if (c.retransmits() > 0) {
            retransmits.add(resource, attrs, c.retransmits(), now);
        }
        if (c.srttMicros() > 0) {
            rtt.record(resource, attrs, c.srttMicros() / 1e6, now);
        }
        if (c.connectNanos() > 0) {
            connect.record(resource, attrs, c.connectNanos() / 1e9, now);
        }
    }

    /** True when the export interval elapsed; the first call only starts the clock. */
    boolean due(long monotonicNanos) {
        if (nextExportNanos == 0) {
            nextExportNanos = monotonicNanos + intervalNanos;
            return false;
        }
        if (monotonicNanos - nextExportNanos < 0) {
            return false;
        }
        nextExportNanos = monotonicNanos + intervalNanos;
        return true;
    }

    /** Collects and hands the metrics on; a refusal downstream is counted, never thrown. */
    void export() {
        List<ResourceMetrics> data = aggregator.collect(epochNanos.getAsLong());
        if (data.isEmpty()) {
            return;
        }
        try {
            consumer.consumeMetrics(data);
        } catch (RuntimeException refusedDownstream) {
            pointsRefused.add(Items.dataPoints(data));
        }
    }

    long seriesLive() {
        return aggregator.seriesCount();
    }

    long overflowed() {
        return aggregator.overflowed();
    }
}
