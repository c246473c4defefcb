package io.sockscope.pipeline.processor.attributes;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ProcessorFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.processor.attraction.AttributeActions;
import io.sockscope.pipeline.processor.attraction.AttributeRewrites;

import java.util.List;
import java.util.Set;

/** {@code attributes}: inserts, updates, deletes or hashes span attributes (traces) and data point attributes (metrics). */
public final class AttributesProcessorFactory implements ProcessorFactory<AttributesConfig> {
    public static final String TYPE = "attributes";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<AttributesConfig> configClass() {
        return AttributesConfig.class;
    }

    @Override
    public AttributesConfig defaultConfig() {
        return AttributesConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public TracesProcessor createTraces(ComponentContext context, AttributesConfig config, TracesConsumer next) {
        AttributeActions actions = AttributeActions.compile(config.actions());
        return new TracesProcessor() {
            @Override
            public void consumeTraces(List<ResourceSpans> resourceSpans) {
                next.consumeTraces(AttributeRewrites.spans(resourceSpans, actions));
            }
        };
    }

    @Override
    public MetricsProcessor createMetrics(ComponentContext context, AttributesConfig config, MetricsConsumer next) {
        AttributeActions actions = AttributeActions.compile(config.actions());
        return new MetricsProcessor() {
            @Override
            public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
                next.consumeMetrics(AttributeRewrites.dataPoints(resourceMetrics, actions));
            }
        };
    }
}
