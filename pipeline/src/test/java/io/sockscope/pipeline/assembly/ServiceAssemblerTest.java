package io.sockscope.pipeline.assembly;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.config.ConfigException;
import io.sockscope.pipeline.DataRefusedException;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ProcessorFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.processor.memorylimiter.MemoryLimiterProcessorFactory;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestComponents.NoConfig;
import io.sockscope.pipeline.testing.TestComponents.RecordingExporterFactory;
import io.sockscope.pipeline.testing.TestComponents.TestReceiverFactory;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceAssemblerTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final TestReceiverFactory receivers = new TestReceiverFactory("test", events);
    private final RecordingExporterFactory exporters = new RecordingExporterFactory("recording", events);
    private final CountingProcessorFactory counting = new CountingProcessorFactory(events);
    private final AtomicLong heap = new AtomicLong();
    private final SelfTelemetry telemetry = new SelfTelemetry();
    private final ComponentRegistry registry = new ComponentRegistry()
            .register(receivers).register(exporters).register(counting)
            .register(new io.sockscope.pipeline.processor.batch.BatchProcessorFactory())
            .register(new MemoryLimiterProcessorFactory(heap::get, () -> 1L << 30, () -> { }));
    private RunningService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.shutdown();
        }
    }

    private RunningService assemble(String yaml) {
        Validation v = ConfigValidator.validate("config.yaml", yaml, registry, Map.<String, String>of()::get);
        assertThat(v.errors()).isEmpty();
        service = ServiceAssembler.assemble(v.config(), telemetry);
        return service;
    }

    @Test
    void receiverFeedingSeveralPipelinesGetsAFanOut() {
        assemble("""
                receivers: {test: {}}
                exporters: {recording/a: {}, recording/b: {}}
                service:
                  pipelines:
                    traces/a: {receivers: [test], exporters: [recording/a]}
                    traces/b: {receivers: [test], exporters: [recording/b]}
                """).start();
        assertThat(receivers.created).isEqualTo(1);
        receivers.traces("test").consumeTraces(TestData.spans(3));
        assertThat(exporters.recorder("recording/a").spanCount()).isEqualTo(3);
        assertThat(exporters.recorder("recording/b").spanCount()).isEqualTo(3);
        assertThat(exporters.recorder("recording/a").traces.getFirst())
                .isNotSameAs(exporters.recorder("recording/b").traces.getFirst());
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_receiver_accepted_spans", "receiver", "test"))).isEqualTo(3);
    }

    @Test
    void exporterSharedByPipelinesIsOneInstanceAndProcessorsAreOnePerPipeline() {
        assemble("""
                receivers: {test/1: {}, test/2: {}}
                processors: {counting: {}}
                exporters: {recording: {}}
                service:
                  pipelines:
                    traces/1: {receivers: [test/1], processors: [counting], exporters: [recording]}
                    traces/2: {receivers: [test/2], processors: [counting], exporters: [recording]}
                    metrics: {receivers: [test/1], exporters: [recording]}
                """).start();
        assertThat(exporters.created).isEqualTo(1);
        assertThat(counting.created).isEqualTo(2);
        assertThat(events.stream().filter(e -> e.startsWith("start exporter"))).containsExactly("start exporter recording");
        receivers.traces("test/1").consumeTraces(TestData.spans(1));
        receivers.traces("test/2").consumeTraces(TestData.spans(2));
        receivers.metrics.get("test/1").consumeMetrics(TestData.metrics(TestData.gauge("g", 1, 2)));
        assertThat(exporters.recorder("recording").spanCount()).isEqualTo(3);
        assertThat(exporters.recorder("recording").metrics).hasSize(1);
    }

    @Test
    void startsExportersFirstAndReceiversLastAndShutsDownInReverseWithFlush() {
        assemble("""
                receivers: {test: {}}
                processors:
                  counting: {}
                  batch: {timeout: 1h}
                exporters: {recording: {}}
                service:
                  pipelines:
                    traces: {receivers: [test], processors: [counting, batch], exporters: [recording]}
                """);
        service.start();
        assertThat(events).containsExactly("start exporter recording", "start processor counting", "start receiver test");
        receivers.traces("test").consumeTraces(TestData.spans(5));
        assertThat(exporters.recorder("recording").spanCount()).as("held by batch until shutdown").isZero();
        events.clear();
        service.shutdown();
        assertThat(events).containsExactly("shutdown receiver test", "shutdown processor counting",
                "recording got 5 spans", "shutdown exporter recording");
        service.shutdown();
        assertThat(events).hasSize(4);
    }

    @Test
    void aFailedStartShutsDownWhatStarted() {
        assemble("""
                receivers: {test: {}}
                processors: {counting/fails: {}}
                exporters: {recording: {}}
                service:
                  pipelines:
                    traces: {receivers: [test], processors: [counting/fails], exporters: [recording]}
                """);
        assertThatThrownBy(service::start).isInstanceOfSatisfying(ServiceStartException.class, e -> {
            assertThat(e.component()).isEqualTo("processor counting/fails in traces");
            assertThat(e.getMessage()).contains("refuses to start");
        });
        assertThat(events).containsExactly("start exporter recording", "shutdown exporter recording");
    }

    @Test
    void refusedDataIsCountedAtTheReceiverAndTheMemoryLimiter() {
        assemble("""
                receivers: {test: {}}
                processors: {memory_limiter: {limit_mib: 100}}
                exporters: {recording: {}}
                service:
                  pipelines:
                    traces: {receivers: [test], processors: [memory_limiter], exporters: [recording]}
                """);
        heap.set(95L << 20);
        service.start();
        TracesConsumer in = receivers.traces("test");
        assertThatThrownBy(() -> in.consumeTraces(TestData.spans(4))).isInstanceOf(DataRefusedException.class);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_receiver_refused_spans", "receiver", "test"))).isEqualTo(4);
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_processor_refused_spans", "processor", "memory_limiter"))).isEqualTo(4);
        assertThat(exporters.recorder("recording").spanCount()).isZero();
    }

    @Test
    void aFactoryThatFailsToCreateGivesAConfigErrorAtItsLine() {
        Validation v = ConfigValidator.validate("config.yaml", """
                receivers: {test: {}}
                processors:
                  counting/broken: {}
                exporters: {recording: {}}
                service:
                  pipelines:
                    traces: {receivers: [test], processors: [counting/broken], exporters: [recording]}
                """, registry, Map.<String, String>of()::get);
        assertThatThrownBy(() -> ServiceAssembler.assemble(v.config(), telemetry))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("cannot create processor \"counting/broken\": broken on purpose");
                });
        assertThat(events).containsExactly("shutdown exporter recording");
    }

    /** A pass-through processor that logs its lifecycle; "counting/fails" fails to start, "counting/broken" to be created. */
    static final class CountingProcessorFactory implements ProcessorFactory<NoConfig> {
        private final List<String> events;
        int created;

        CountingProcessorFactory(List<String> events) {
            this.events = events;
        }

        @Override
        public String type() {
            return "counting";
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
        public TracesProcessor createTraces(ComponentContext context, NoConfig config, TracesConsumer next) {
            if (context.id().equals("counting/broken")) {
                throw new IllegalArgumentException("broken on purpose");
            }
            created++;
            return new TracesProcessor() {
                @Override
                public void consumeTraces(List<ResourceSpans> resourceSpans) {
                    next.consumeTraces(resourceSpans);
                }

                @Override
                public void start() {
                    if (context.id().equals("counting/fails")) {
                        throw new IllegalStateException("refuses to start");
                    }
                    events.add("start processor " + context.id());
                }

                @Override
                public void shutdown() {
                    events.add("shutdown processor " + context.id());
                }
            };
        }
    }
}
