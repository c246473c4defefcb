package io.sockscope.pipeline.processor.resource;

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

/** {@code resource}: inserts, updates, deletes or hashes resource attributes ({@code deployment.environment}, {@code service.namespace}, ...). */
public final class ResourceProcessorFactory implements ProcessorFactory<ResourceConfig> {
    public static final String TYPE = "resource";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<ResourceConfig> configClass() {
        return ResourceConfig.class;
    }

    @Override
    public ResourceConfig defaultConfig() {
        return ResourceConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public TracesProcessor createTraces(ComponentContext context, ResourceConfig config, TracesConsumer next) {
        AttributeActions actions = AttributeActions.compile(config.attributes());
        return new TracesProcessor() {
            @Override
            public void consumeTraces(List<ResourceSpans> resourceSpans) {
                next.consumeTraces(AttributeRewrites.resourcesOfSpans(resourceSpans, actions));
            }
        };
    }

    @Override
    public MetricsProcessor createMetrics(ComponentContext context, ResourceConfig config, MetricsConsumer next) {
        AttributeActions actions = AttributeActions.compile(config.attributes());
        return new MetricsProcessor() {
            @Override
            public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
                next.consumeMetrics(AttributeRewrites.resourcesOfMetrics(resourceMetrics, actions));
            }
        };
    }
}
