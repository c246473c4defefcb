package io.sockscope.bench;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.ReceiverFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.pdata.Items;
import io.sockscope.pipeline.receiver.otlp.OtlpReceiver;
import io.sockscope.pipeline.receiver.otlp.OtlpReceiverConfig;
import io.sockscope.pipeline.receiver.otlp.OtlpReceiverFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * Components that let a benchmark drive real pipelines built from YAML by the assembler: a receiver
 * in place of {@code ebpf} whose consumer the benchmark thread calls, as the reader thread would; an
 * exporter that counts the spans it gets; and the real {@code otlp} receiver, remembered so its bound
 * port can be read.
 */
final class PipelineStandIns {
    private PipelineStandIns() {
    }

    record NoConfig() {
    }

    /** {@code replay}: hands out the consumer the assembler gave it (receiver counting, then the pipeline). */
    static final class ReplayReceiverFactory implements ReceiverFactory<NoConfig> {
        volatile TracesConsumer traces;

        @Override
        public String type() {
            return "replay";
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
            return Set.of(Signal.TRACES);
        }

        @Override
        public Component create(ComponentContext context, NoConfig config, TracesConsumer t, MetricsConsumer m) {
            traces = t;
            return new Component() {
            };
        }
    }

    /** {@code count}: counts spans and tells {@code received} how many each batch had. */
    static final class CountingExporterFactory implements ExporterFactory<NoConfig> {
        final LongAdder total = new LongAdder();
        private final IntConsumer received;

        CountingExporterFactory(IntConsumer received) {
            this.received = received;
        }

        @Override
        public String type() {
            return "count";
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
            return Set.of(Signal.TRACES);
        }

        @Override
        public TracesExporter createTraces(ComponentContext context, NoConfig config) {
            return new TracesExporter() {
                @Override
                public void consumeTraces(List<ResourceSpans> resourceSpans) {
                    int n = Items.spans(resourceSpans);
                    total.add(n);
                    received.accept(n);
                }
            };
        }
    }

    /** {@code otlp}: the real receiver factory; the last receiver it made is kept for its port. */
    static final class CapturingOtlpReceiverFactory implements ReceiverFactory<OtlpReceiverConfig> {
        private final OtlpReceiverFactory real = new OtlpReceiverFactory();
        volatile OtlpReceiver created;

        @Override
        public String type() {
            return real.type();
        }

        @Override
        public Class<OtlpReceiverConfig> configClass() {
            return real.configClass();
        }

        @Override
        public OtlpReceiverConfig defaultConfig() {
            return real.defaultConfig();
        }

        @Override
        public Set<Signal> signals() {
            return real.signals();
        }

        @Override
        public Component create(ComponentContext context, OtlpReceiverConfig config, TracesConsumer traces,
                                MetricsConsumer metrics) {
            OtlpReceiver r = real.create(context, config, traces, metrics);
            created = r;
            return r;
        }
    }
}
