package io.sockscope.pipeline.processor.memorylimiter;

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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * {@code memory_limiter}: refuses data (throws {@link io.sockscope.pipeline.DataRefusedException})
 * while the heap is above its soft limit, so a slow backend cannot make Sockscope run out of memory.
 * Must be the first processor of a pipeline. Counts {@code otelcol_processor_accepted_<items>} and
 * {@code otelcol_processor_refused_<items>} ({@code spans}, {@code metric_points}) by processor id.
 */
public final class MemoryLimiterProcessorFactory implements ProcessorFactory<MemoryLimiterConfig> {
    public static final String TYPE = "memory_limiter";

    private final LongSupplier heapUsed;
    private final LongSupplier maxHeap;
    private final Runnable gc;

    public MemoryLimiterProcessorFactory() {
        this(MemoryLimiter::runtimeHeapUsed, Runtime.getRuntime()::maxMemory, System::gc);
    }

    /** For tests: a heap that reports what they say. */
    public MemoryLimiterProcessorFactory(LongSupplier heapUsed, LongSupplier maxHeap, Runnable gc) {
        this.heapUsed = heapUsed;
        this.maxHeap = maxHeap;
        this.gc = gc;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<MemoryLimiterConfig> configClass() {
        return MemoryLimiterConfig.class;
    }

    @Override
    public MemoryLimiterConfig defaultConfig() {
        return MemoryLimiterConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public TracesProcessor createTraces(ComponentContext context, MemoryLimiterConfig config, TracesConsumer next) {
        MemoryLimiter limiter = new MemoryLimiter(context.id(), config, heapUsed, maxHeap, gc);
        LongAdder accepted = context.telemetry().counter("otelcol_processor_accepted_spans", "processor", context.id());
        LongAdder refused = context.telemetry().counter("otelcol_processor_refused_spans", "processor", context.id());
        return new TracesProcessor() {
            @Override
            public void consumeTraces(List<ResourceSpans> resourceSpans) {
                if (limiter.refusing()) {
                    refused.add(Items.spans(resourceSpans));
                    throw limiter.refusal();
                }
                accepted.add(Items.spans(resourceSpans));
                next.consumeTraces(resourceSpans);
            }

            @Override
            public void start() {
                limiter.start();
            }

            @Override
            public void shutdown() {
                limiter.shutdown();
            }
        };
    }

    @Override
    public MetricsProcessor createMetrics(ComponentContext context, MemoryLimiterConfig config, MetricsConsumer next) {
        MemoryLimiter limiter = new MemoryLimiter(context.id(), config, heapUsed, maxHeap, gc);
        LongAdder accepted = context.telemetry().counter("otelcol_processor_accepted_metric_points", "processor", context.id());
        LongAdder refused = context.telemetry().counter("otelcol_processor_refused_metric_points", "processor", context.id());
        return new MetricsProcessor() {
            @Override
            public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
                if (limiter.refusing()) {
                    refused.add(Items.dataPoints(resourceMetrics));
                    throw limiter.refusal();
                }
                accepted.add(Items.dataPoints(resourceMetrics));
                next.consumeMetrics(resourceMetrics);
            }

            @Override
            public void start() {
                limiter.start();
            }

            @Override
            public void shutdown() {
                limiter.shutdown();
            }
        };
    }
}
