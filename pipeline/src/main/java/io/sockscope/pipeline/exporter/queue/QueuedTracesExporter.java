package io.sockscope.pipeline.exporter.queue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.component.ExporterFactory.TracesExporter;

import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.exporter.compression.RequestBody;
import io.sockscope.pipeline.otlp.ItemKind;
import io.sockscope.pipeline.pdata.Items;

import java.time.Duration;
import java.util.List;

/** A traces exporter made of a {@link QueuedRetrySender} and the client it sends through. */
public final class QueuedTracesExporter implements TracesExporter {
    private final QueuedRetrySender<ExportTraceServiceRequest, byte[]> sender;
    private final AutoCloseable client;

    /** @param client closed after the queue is drained */
    public QueuedTracesExporter(QueuedRetrySender<ExportTraceServiceRequest, byte[]> sender, AutoCloseable client) {
        this.sender = sender;
        this.client = client;
    }

    /**
     * The exporter for one exporter id: {@code transport} sends one request, encoded by
     * {@link RequestBody} (gzipped with {@code gzip}); the queue, retries, telemetry and shutdown drain
     * (bounded by {@code drainTimeout}) come from {@link QueuedRetrySender}.
     */
    public static QueuedTracesExporter create(ComponentContext context, SendingQueueConfig queue, RetryConfig retry,
                                     Duration drainTimeout, boolean gzip, Transport<byte[]> transport, AutoCloseable client) {
        QueuedRetrySender<ExportTraceServiceRequest, byte[]> sender = QueuedRetrySender
                .<ExportTraceServiceRequest, byte[]>builder(context.id(), ItemKind.SPANS, r -> RequestBody.of(r, gzip), transport,
                        r -> Items.spans(r.getResourceSpansList()))
                .queue(queue)
                .retry(retry)
                .drainTimeout(drainTimeout)
                .telemetry(context.telemetry())
                .build();
        return new QueuedTracesExporter(sender, client);
    }

    @Override
    public void consumeTraces(List<ResourceSpans> resourceSpans) {
        for (List<ResourceSpans> part : RequestSplitter.split(resourceSpans, RequestSplitter.DEFAULT_MAX_REQUEST_BYTES)) {
            sender.offer(ExportTraceServiceRequest.newBuilder().addAllResourceSpans(part).build());
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
