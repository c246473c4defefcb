package io.sockscope.pipeline.exporter.queue;

import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code otelcol_exporter_queue_size} and {@code _queue_capacity} per exporter id. The traces and the
 * metrics instance of one exporter id each have a queue, and the series has one label, so the gauge
 * reads the sum of both.
 */
final class QueueGauges {
    private static final Map<SelfTelemetry, Map<String, Set<QueuedRetrySender<?, ?>>>> SENDERS = new WeakHashMap<>();

    private QueueGauges() {
    }

    static synchronized void register(SelfTelemetry telemetry, String exporterId, QueuedRetrySender<?, ?> sender) {
        Set<QueuedRetrySender<?, ?>> senders = SENDERS.computeIfAbsent(telemetry, t -> new HashMap<>())
                .computeIfAbsent(exporterId, id -> ConcurrentHashMap.newKeySet());
        senders.add(sender);
        telemetry.gauge("otelcol_exporter_queue_size", "exporter", exporterId,
                () -> senders.stream().mapToLong(QueuedRetrySender::queueSize).sum());
        telemetry.gauge("otelcol_exporter_queue_capacity", "exporter", exporterId,
                () -> senders.stream().mapToLong(QueuedRetrySender::queueCapacity).sum());
    }

    static synchronized void unregister(SelfTelemetry telemetry, String exporterId, QueuedRetrySender<?, ?> sender) {
        Map<String, Set<QueuedRetrySender<?, ?>>> byId = SENDERS.get(telemetry);
        if (byId != null && byId.containsKey(exporterId)) {
            byId.get(exporterId).remove(sender);
        }
    }
}
