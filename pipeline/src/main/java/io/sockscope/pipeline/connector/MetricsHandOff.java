package io.sockscope.pipeline.connector;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.pdata.Items;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands a connector's metrics to the pipelines it feeds. A refusal downstream (memory_limiter, a
 * full queue) is counted in {@code sockscope_connector_send_failed_metric_points} and logged, never
 * thrown back into the traces pipeline that fed the connector.
 */
public final class MetricsHandOff {
    private static final System.Logger LOG = System.getLogger(MetricsHandOff.class.getName());
    private final String connector;
    private final MetricsConsumer next;
    private final LongAdder failedPoints;

    public MetricsHandOff(ComponentContext context, MetricsConsumer next) {
        this.connector = context.id();
        this.next = next;
        this.failedPoints = context.telemetry().counter("sockscope_connector_send_failed_metric_points", "connector", connector);
    }

    /** Sends {@code metrics} on; nothing when empty. */
    public void send(List<ResourceMetrics> metrics) {
        if (metrics.isEmpty()) {
            return;
        }
        try {
            next.consumeMetrics(metrics);
        } catch (RuntimeException e) {
            failedPoints.add(Items.dataPoints(metrics));
            LOG.log(System.Logger.Level.WARNING, connector + ": the metrics pipeline refused " + Items.dataPoints(metrics)
                    + " data points: " + e.getMessage());
        }
    }
}
