package io.sockscope.pipeline.receiver.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.exporter.queue.ThrottledLog;
import io.sockscope.pipeline.pdata.Items;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Hands what either protocol received to the pipeline. Called from server threads, concurrently.
 * Counting {@code otelcol_receiver_accepted_<items>} and {@code _refused_<items>} is the assembler's
 * job: it wraps every receiver's consumers.
 */
final class Deliveries {
    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());

    /** The pipeline refused the data; the sender should retry later. */
    static final class RefusedException extends Exception {
        RefusedException(String receiverId, RuntimeException cause) {
            super("the pipeline after " + receiverId + " refused the data: " + cause.getMessage(), cause, false, false);
        }
    }

    private final String receiverId;
    private final TracesConsumer traces;
    private final MetricsConsumer metrics;
    private final ThrottledLog refusedLog = new ThrottledLog(LOG, 10, TimeUnit.SECONDS);

    /** @param traces null when no pipeline takes traces from this receiver; same for metrics */
    Deliveries(String receiverId, TracesConsumer traces, MetricsConsumer metrics) {
        this.receiverId = receiverId;
        this.traces = traces;
        this.metrics = metrics;
    }

    boolean acceptsTraces() {
        return traces != null;
    }

    boolean acceptsMetrics() {
        return metrics != null;
    }

    void traces(ExportTraceServiceRequest request) throws RefusedException {
        if (request.getResourceSpansCount() == 0) {
            return;
        }
        try {
            // a mutable list of its own: ownership passes to the consumer
            traces.consumeTraces(new ArrayList<>(request.getResourceSpansList()));
        } catch (RuntimeException e) {
            throw refused(Items.spans(request.getResourceSpansList()), "spans", e);
        }
    }

    void metrics(ExportMetricsServiceRequest request) throws RefusedException {
        if (request.getResourceMetricsCount() == 0) {
            return;
        }
        try {
            metrics.consumeMetrics(new ArrayList<>(request.getResourceMetricsList()));
        } catch (RuntimeException e) {
            throw refused(Items.dataPoints(request.getResourceMetricsList()), "metric points", e);
        }
    }

    private RefusedException refused(int n, String what, RuntimeException e) {
        refusedLog.log(Level.WARNING, () -> receiverId + ": the pipeline refused " + n + " " + what
                + "; asked the sender to retry: " + e);
        return new RefusedException(receiverId, e);
    }
}
