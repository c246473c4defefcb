package io.sockscope.pipeline.otlp;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.pdata.Items;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The end of a test pipeline: keeps what it gets, or refuses it while {@link #refuse} is set. */
public final class CollectingConsumer implements TracesConsumer, MetricsConsumer {
    public final List<ResourceSpans> spans = new CopyOnWriteArrayList<>();
    public final List<ResourceMetrics> metrics = new CopyOnWriteArrayList<>();
    public volatile boolean refuse;
    /** Items thrown back while {@link #refuse} was set. */
    public final AtomicInteger refusedSpans = new AtomicInteger();
    public final AtomicInteger refusedPoints = new AtomicInteger();

    @Override
    public void consumeTraces(List<ResourceSpans> resourceSpans) {
        if (refuse) {
            refusedSpans.addAndGet(Items.spans(resourceSpans));
            throw new IllegalStateException("memory limit reached");
        }
        spans.addAll(resourceSpans);
    }

    @Override
    public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
        if (refuse) {
            refusedPoints.addAndGet(Items.dataPoints(resourceMetrics));
            throw new IllegalStateException("memory limit reached");
        }
        metrics.addAll(resourceMetrics);
    }

    public int spanCount() {
        return Items.spans(spans);
    }

    public int pointCount() {
        return Items.dataPoints(metrics);
    }
}
