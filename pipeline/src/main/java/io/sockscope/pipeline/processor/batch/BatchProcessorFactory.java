package io.sockscope.pipeline.processor.batch;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ProcessorFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.pdata.Items;

import java.util.List;
import java.util.Set;

/**
 * {@code batch}: groups spans and data points into bigger requests before the exporters, sending a
 * batch when it reaches {@code send_batch_size} items or its oldest item waited {@code timeout}.
 * Counts {@code otelcol_processor_batch_batch_send_size_sum/_count} (a histogram's two series),
 * {@code otelcol_processor_batch_batch_size_trigger_send} and {@code _timeout_trigger_send}.
 */
public final class BatchProcessorFactory implements ProcessorFactory<BatchConfig> {
    public static final String TYPE = "batch";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<BatchConfig> configClass() {
        return BatchConfig.class;
    }

    @Override
    public BatchConfig defaultConfig() {
        return BatchConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public TracesProcessor createTraces(ComponentContext context, BatchConfig config, TracesConsumer next) {
        Batcher<ResourceSpans> b = new Batcher<>(context.id(), "traces", config, Items::spans, Items::splitSpans,
                next::consumeTraces, context.telemetry());
        return new TracesProcessor() {
            @Override
            public void consumeTraces(List<ResourceSpans> resourceSpans) {
                b.add(resourceSpans);
            }

            @Override
            public void start() {
                b.start();
            }

            @Override
            public void shutdown() {
                b.shutdown();
            }
        };
    }

    @Override
    public MetricsProcessor createMetrics(ComponentContext context, BatchConfig config, MetricsConsumer next) {
        Batcher<ResourceMetrics> b = new Batcher<>(context.id(), "metrics", config, Items::dataPoints, Items::splitDataPoints,
                next::consumeMetrics, context.telemetry());
        return new MetricsProcessor() {
            @Override
            public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
                b.add(resourceMetrics);
            }

            @Override
            public void start() {
                b.start();
            }

            @Override
            public void shutdown() {
                b.shutdown();
            }
        };
    }
}
