package io.sockscope.pipeline.testing;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.ReceiverFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.pdata.Items;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A receiver that tests drive by hand and an exporter that records, both writing to one event log. */
public final class TestComponents {
    private TestComponents() {
    }

    public record NoConfig() {
    }

    /** A receiver type whose instances tests feed through {@link #traces(String)}. */
    public static final class TestReceiverFactory implements ReceiverFactory<NoConfig> {
        private final String type;
        private final List<String> events;
        public final Map<String, TracesConsumer> traces = new ConcurrentHashMap<>();
        public final Map<String, MetricsConsumer> metrics = new ConcurrentHashMap<>();
        public int created;

        public TestReceiverFactory(String type, List<String> events) {
            this.type = type;
            this.events = events;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Class<NoConfig> configClass() {
            return NoConfig.class;
        }

        @Override
        public NoConfig defaultConfig() {
            return new NoConfig();
        }

        @Override
        public Set<Signal> signals() {
            return Set.of(Signal.TRACES, Signal.METRICS);
        }

        @Override
        public Component create(ComponentContext context, NoConfig config, TracesConsumer t, MetricsConsumer m) {
            created++;
            if (t != null) {
                traces.put(context.id(), t);
            }
            if (m != null) {
                metrics.put(context.id(), m);
            }
            return new Component() {
                @Override
                public void start() {
                    events.add("start receiver " + context.id());
                }

                @Override
                public void shutdown() {
                    events.add("shutdown receiver " + context.id());
                }
            };
        }

        public TracesConsumer traces(String id) {
            return traces.get(id);
        }
    }

    /** An exporter type that records what it gets; one {@link Recorder} per exporter id. */
    public static final class RecordingExporterFactory implements ExporterFactory<NoConfig> {
        private final String type;
        private final List<String> events;
        public final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
        public int created;

        public RecordingExporterFactory(String type, List<String> events) {
            this.type = type;
            this.events = events;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Class<NoConfig> configClass() {
            return NoConfig.class;
        }

        @Override
        public NoConfig defaultConfig() {
            return new NoConfig();
        }

        @Override
        public Set<Signal> signals() {
            return Set.of(Signal.TRACES, Signal.METRICS);
        }

        @Override
        public SignalExporters create(ComponentContext context, NoConfig config, Set<Signal> signals) {
            created++;
            Recorder r = new Recorder(context.id(), events);
            recorders.put(context.id(), r);
            return new SignalExporters(signals.contains(Signal.TRACES) ? r : null, signals.contains(Signal.METRICS) ? r : null);
        }

        public Recorder recorder(String id) {
            return recorders.get(id);
        }
    }

    public static final class Recorder implements ExporterFactory.TracesExporter, ExporterFactory.MetricsExporter {
        private final String id;
        private final List<String> events;
        public final List<List<ResourceSpans>> traces = new CopyOnWriteArrayList<>();
        public final List<List<ResourceMetrics>> metrics = new CopyOnWriteArrayList<>();

        Recorder(String id, List<String> events) {
            this.id = id;
            this.events = events;
        }

        @Override
        public void consumeTraces(List<ResourceSpans> resourceSpans) {
            traces.add(resourceSpans);
            events.add(id + " got " + Items.spans(resourceSpans) + " spans");
        }

        @Override
        public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
            metrics.add(resourceMetrics);
            events.add(id + " got " + Items.dataPoints(resourceMetrics) + " points");
        }

        public int spanCount() {
            return traces.stream().mapToInt(Items::spans).sum();
        }

        @Override
        public void start() {
            events.add("start exporter " + id);
        }

        @Override
        public void shutdown() {
            events.add("shutdown exporter " + id);
        }
    }
}
