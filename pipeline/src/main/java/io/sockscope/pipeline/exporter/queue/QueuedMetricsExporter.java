package io.sockscope.pipeline.exporter.queue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.sockscope.pipeline.component.ExporterFactory.MetricsExporter;

import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.exporter.compression.RequestBody;
import io.sockscope.pipeline.otlp.ItemKind;
import io.sockscope.pipeline.pdata.Items;

import java.time.Duration;
import java.util.List;

/** A metrics exporter made of a {@link QueuedRetrySender} and the client it sends through. */
public final class QueuedMetricsExporter implements MetricsExporter {
    private final QueuedRetrySender<ExportMetricsServiceRequest, byte[]> sender;
    private final AutoCloseable client;

    /** @param client closed after the queue is drained */
    public QueuedMetricsExporter(QueuedRetrySender<ExportMetricsServiceRequest, byte[]> sender, AutoCloseable client) {
        this.sender = sender;
        this.client = client;
    }

    /**
     * The exporter for one exporter id: {@code transport} sends one request, encoded by
     * {@link RequestBody} (gzipped with {@code gzip}); the queue, retries, telemetry and shutdown drain
     * (bounded by {@code drainTimeout}) come from {@link QueuedRetrySender}.
     */
    public static QueuedMetricsExporter create(ComponentContext context, SendingQueueConfig queue, RetryConfig retry,
                                     Duration drainTimeout, boolean gzip, Transport<byte[]> transport, AutoCloseable client) {
        QueuedRetrySender<ExportMetricsServiceRequest, byte[]> sender = QueuedRetrySender
                .<ExportMetricsServiceRequest, byte[]>builder(context.id(), ItemKind.METRIC_POINTS, r -> RequestBody.of(r, gzip), transport,
                        r -> Items.dataPoints(r.getResourceMetricsList()))
                .queue(queue)
                .retry(retry)
                .drainTimeout(drainTimeout)
                .telemetry(context.telemetry())
                .build();
        return new QueuedMetricsExporter(sender, client);
    }

    @Override
    public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
        for (List<ResourceMetrics> part : RequestSplitter.splitMetrics(resourceMetrics, RequestSplitter.DEFAULT_MAX_REQUEST_BYTES)) {
            sender.offer(ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(part).build());
        }
    }

    @Override
    public void start() {
        sender.start();
    }

    @Override
    public void shutdown() {
        sender.shutdown();
        Clients.close(client);
    }
}
