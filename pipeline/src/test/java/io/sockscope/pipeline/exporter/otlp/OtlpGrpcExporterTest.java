package io.sockscope.pipeline.exporter.otlp;

import io.grpc.Metadata;
import io.grpc.Status;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory.MetricsExporter;
import io.sockscope.pipeline.component.ExporterFactory.TracesExporter;
import io.sockscope.pipeline.exporter.queue.RetryConfig;
import io.sockscope.pipeline.exporter.queue.SendingQueueConfig;
import io.sockscope.pipeline.otlp.Await;
import io.sockscope.pipeline.otlp.CollectingConsumer;
import io.sockscope.pipeline.otlp.Ports;
import io.sockscope.pipeline.otlp.TestData;
import io.sockscope.pipeline.receiver.otlp.OtlpReceiver;
import io.sockscope.pipeline.receiver.otlp.OtlpReceiverConfig;
import io.sockscope.pipeline.receiver.otlp.OtlpReceiverFactory;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The otlp_grpc exporter against our own otlp receiver, and against a scripted gRPC backend. */
class OtlpGrpcExporterTest {
    static final String ID = "otlp_grpc/test";
    static final RetryConfig FAST_RETRY = new RetryConfig(true, Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofSeconds(10), 1.5, 0.0);

    private final SelfTelemetry telemetry = new SelfTelemetry();
    private final CollectingConsumer received = new CollectingConsumer();
    private final List<Component> running = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Component c : running.reversed()) {
            c.shutdown();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    static OtlpGrpcExporterConfig config(String endpoint, SendingQueueConfig queue, RetryConfig retry) {
        return new OtlpGrpcExporterConfig(endpoint, null, Map.of(), "gzip", Duration.ofSeconds(2), queue, retry);
    }

    private TracesExporter traces(OtlpGrpcExporterConfig config) throws Exception {
        TracesExporter e = new OtlpGrpcExporterFactory().createTraces(new ComponentContext(ID, telemetry), config);
        e.start();
        running.add(e);
        return e;
    }

    private OtlpReceiver receiver(String grpcEndpoint) throws Exception {
        OtlpReceiver r = new OtlpReceiverFactory().create(new ComponentContext("otlp", telemetry),
                new OtlpReceiverConfig(new OtlpReceiverConfig.Protocols(OtlpReceiverConfig.Grpc.on(grpcEndpoint), null)),
                received, received);
        r.start();
        running.add(r);
        return r;
    }

    private ScriptedGrpcBackend scripted() throws Exception {
        ScriptedGrpcBackend b = new ScriptedGrpcBackend();
        closeables.add(b);
        return b;
    }

    private long exporter(String metric) {
        return telemetry.value(SelfTelemetry.series(metric, "exporter", ID));
    }

    @Test
    void deliversTracesAndMetricsToAnOtlpReceiver() throws Exception {
        OtlpReceiver receiver = receiver("127.0.0.1:0");
        OtlpGrpcExporterConfig config = config("http://127.0.0.1:" + receiver.grpcPort(), SendingQueueConfig.defaults(), FAST_RETRY);
        TracesExporter traces = traces(config);
        MetricsExporter metrics = new OtlpGrpcExporterFactory().createMetrics(new ComponentContext(ID, telemetry), config);
        metrics.start();
        running.add(metrics);

        var spans = TestData.spans("GET /users", 3);
        traces.consumeTraces(spans);
        metrics.consumeMetrics(TestData.gauge("queue.depth", 4));

        Await.until(() -> received.spanCount() == 3 && received.pointCount() == 4, () -> "received " + received.spanCount() + " spans");
        assertThat(received.spans).containsExactlyElementsOf(spans);
        // the exporter counts once the answer is back, a moment after the receiver has the data
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 3 && exporter("otelcol_exporter_sent_metric_points") == 4,
                () -> "sent " + exporter("otelcol_exporter_sent_spans") + " spans");
    }

    @Test
    void aMetricsExportLargerThanTheReceiversLimitArrivesInParts() throws Exception {
        OtlpReceiver receiver = receiver("127.0.0.1:0"); // max_recv_msg_size_mib: 4, the Collector's default
        OtlpGrpcExporterConfig config = config("http://127.0.0.1:" + receiver.grpcPort(), SendingQueueConfig.defaults(), FAST_RETRY);
        MetricsExporter metrics = new OtlpGrpcExporterFactory().createMetrics(new ComponentContext(ID, telemetry), config);
        metrics.start();
        running.add(metrics);
        // one process's 60 metrics of 2000 series each: about 7 MB in one export
        var scope = io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder();
        for (int m = 0; m < 60; m++) {
            var gauge = io.opentelemetry.proto.metrics.v1.Gauge.newBuilder();
            for (int i = 0; i < 2000; i++) {
                gauge.addDataPoints(io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder().setAsInt(i)
                        .setTimeUnixNano(1_700_000_000_000_000_000L)
                        .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("network.peer.address")
                                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("10.0." + (i / 250) + "." + (i % 250)))));
            }
            scope.addMetrics(io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName("sockscope.test." + m).setGauge(gauge));
        }
        var export = List.of(TestData.gauge("unused", 1).getFirst().toBuilder().clearScopeMetrics().addScopeMetrics(scope).build());
        assertThat(export.getFirst().getSerializedSize()).isGreaterThan(5 << 20);

        metrics.consumeMetrics(export);

        Await.until(() -> received.pointCount() == 120_000, () -> "received " + received.pointCount() + " points");
        assertThat(received.metrics.stream().flatMap(r -> r.getScopeMetricsList().stream()).flatMap(s -> s.getMetricsList().stream())
                .map(io.opentelemetry.proto.metrics.v1.Metric::getName).distinct().count()).isEqualTo(60);
        assertThat(received.metrics).allSatisfy(r -> assertThat(r.getResource()).isEqualTo(export.getFirst().getResource()));
        Await.until(() -> exporter("otelcol_exporter_sent_metric_points") == 120_000,
                () -> "sent " + exporter("otelcol_exporter_sent_metric_points") + " points");
        assertThat(exporter("otelcol_exporter_send_failed_metric_points")).isZero();
    }

    @Test
    void queuesWhileTheBackendIsDownAndDeliversWhenItComesUpCountingEveryDrop() throws Exception {
        int port = Ports.free();
        TracesExporter exporter = traces(config("http://127.0.0.1:" + port, new SendingQueueConfig(true, 2, 10), FAST_RETRY));
        exporter.consumeTraces(TestData.spans("first", 1));
        exporter.consumeTraces(TestData.spans("second", 1));
        // both consumers hold a batch and retry it
        Await.until(() -> exporter("otelcol_exporter_queue_size") == 0, () -> "the consumers did not take the first batches");
        for (int i = 0; i < 18; i++) {
            exporter.consumeTraces(TestData.spans("batch" + i, 1));
        }
        // 10 queued; 8 dropped
        Await.until(() -> exporter("otelcol_exporter_enqueue_failed_spans") == 8,
                () -> "enqueue_failed=" + exporter("otelcol_exporter_enqueue_failed_spans"));
        assertThat(exporter("otelcol_exporter_queue_size")).isEqualTo(10);
        assertThat(exporter("otelcol_exporter_sent_spans")).isZero();

        receiver("127.0.0.1:" + port);
        Await.until(() -> received.spanCount() == 12, () -> "received " + received.spanCount());
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 12, () -> "sent " + exporter("otelcol_exporter_sent_spans"));
        assertThat(exporter("otelcol_exporter_send_failed_spans")).isZero();
        assertThat(exporter("otelcol_exporter_queue_size")).isZero();
    }

    @Test
    void retriesUnavailableThenSucceeds() throws Exception {
        ScriptedGrpcBackend backend = scripted().then(Status.UNAVAILABLE.withDescription("restarting")).then(Status.UNAVAILABLE);
        traces(config(backend.endpoint(), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("a", 2));
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 2, () -> "sent " + exporter("otelcol_exporter_sent_spans"));
        assertThat(backend.calls).hasSize(3);
        assertThat(exporter("otelcol_exporter_send_failed_spans")).isZero();
    }

    @Test
    void dropsOnANonRetryableCode() throws Exception {
        ScriptedGrpcBackend backend = scripted().then(Status.INVALID_ARGUMENT.withDescription("bad span"));
        traces(config(backend.endpoint(), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("a", 2));
        Await.until(() -> exporter("otelcol_exporter_send_failed_spans") == 2, () -> "failed " + exporter("otelcol_exporter_send_failed_spans"));
        Thread.sleep(100); // a retry would come within 20 ms
        assertThat(backend.calls).hasSize(1);
    }

    @Test
    void resourceExhaustedIsRetriedOnlyWithRetryInfoAndAfterItsDelay() throws Exception {
        ScriptedGrpcBackend plain = scripted().then(Status.RESOURCE_EXHAUSTED.withDescription("quota"));
        traces(config(plain.endpoint(), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("a", 1));
        Await.until(() -> exporter("otelcol_exporter_send_failed_spans") == 1, () -> "not failed");
        Thread.sleep(100);
        assertThat(plain.calls).hasSize(1);

        ScriptedGrpcBackend throttled = scripted().thenWithRetryInfo(Status.RESOURCE_EXHAUSTED.withDescription("slow down"), 400);
        traces(config(throttled.endpoint(), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("b", 1));
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 1, () -> "not sent");
        assertThat(throttled.calls).hasSize(2);
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(throttled.calls.get(1).nanoTime() - throttled.calls.get(0).nanoTime());
        assertThat(gapMillis).isGreaterThanOrEqualTo(400);
    }

    @Test
    void unavailableWithRetryInfoWaitsTheServersDelay() throws Exception {
        ScriptedGrpcBackend backend = scripted().thenWithRetryInfo(Status.UNAVAILABLE, 300);
        traces(config(backend.endpoint(), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("a", 1));
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 1, () -> "not sent");
        assertThat(TimeUnit.NANOSECONDS.toMillis(backend.calls.get(1).nanoTime() - backend.calls.get(0).nanoTime()))
                .isGreaterThanOrEqualTo(300);
    }

    @Test
    void partialSuccessCountsRejectedSpansAsFailed() throws Exception {
        ScriptedGrpcBackend backend = scripted().thenPartialSuccess(2, "spans without trace id");
        traces(config(backend.endpoint(), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("a", 5));
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 3, () -> "sent " + exporter("otelcol_exporter_sent_spans"));
        assertThat(exporter("otelcol_exporter_send_failed_spans")).isEqualTo(2);
        assertThat(backend.calls).hasSize(1);
    }

    @Test
    void sendsGzipAndTheConfiguredHeaders() throws Exception {
        ScriptedGrpcBackend backend = scripted();
        OtlpGrpcExporterConfig config = new OtlpGrpcExporterConfig(backend.endpoint(), null, Map.of("x-scope-orgid", "team-a"),
                "gzip", Duration.ofSeconds(2), SendingQueueConfig.defaults(), FAST_RETRY);
        traces(config).consumeTraces(TestData.spans("a", 1));
        Await.until(() -> backend.calls.size() == 1, () -> "no call");
        Metadata headers = backend.calls.getFirst().headers();
        assertThat(headers.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("gzip");
        assertThat(headers.get(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("team-a");
        assertThat(headers.get(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER))).startsWith("sockscope");
    }

    @Test
    void compressionNoneSendsUncompressed() throws Exception {
        ScriptedGrpcBackend backend = scripted();
        traces(new OtlpGrpcExporterConfig(backend.endpoint(), null, Map.of(), "none", Duration.ofSeconds(2),
                SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("a", 1));
        Await.until(() -> backend.calls.size() == 1, () -> "no call");
        String encoding = backend.calls.getFirst().headers().get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER));
        assertThat(encoding == null || encoding.equals("identity")).as("grpc-encoding " + encoding).isTrue();
    }

    @Test
    void aRefusingPipelineBehindTheReceiverMakesTheExporterRetry() throws Exception {
        OtlpReceiver receiver = receiver("127.0.0.1:0");
        received.refuse = true;
        traces(config("http://127.0.0.1:" + receiver.grpcPort(), SendingQueueConfig.defaults(), FAST_RETRY))
                .consumeTraces(TestData.spans("a", 2));
        Await.until(() -> received.refusedSpans.get() >= 4, () -> "not refused twice");
        received.refuse = false;
        Await.until(() -> received.spanCount() == 2, () -> "received " + received.spanCount());
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 2, () -> "sent " + exporter("otelcol_exporter_sent_spans"));
    }

    @Test
    void shutdownDeliversWhatIsQueued() throws Exception {
        OtlpReceiver receiver = receiver("127.0.0.1:0");
        TracesExporter exporter = new OtlpGrpcExporterFactory().createTraces(new ComponentContext(ID, telemetry),
                config("http://127.0.0.1:" + receiver.grpcPort(), new SendingQueueConfig(true, 1, 100), FAST_RETRY));
        for (int i = 0; i < 50; i++) {
            exporter.consumeTraces(TestData.spans("b" + i, 2)); // queued before start: nothing sent yet
        }
        exporter.start();
        exporter.shutdown();
        assertThat(received.spanCount()).isEqualTo(100);
        assertThat(exporter("otelcol_exporter_sent_spans")).isEqualTo(100);
        exporter.shutdown(); // twice is fine
    }

    @Test
    void shutdownWithTheBackendDownEndsWithinItsTimeoutAndCountsTheQueueAsFailed() throws Exception {
        OtlpGrpcExporterConfig config = new OtlpGrpcExporterConfig("http://127.0.0.1:" + Ports.free(), null, Map.of(), "gzip",
                Duration.ofMillis(300), new SendingQueueConfig(true, 2, 100), FAST_RETRY);
        TracesExporter exporter = new OtlpGrpcExporterFactory().createTraces(new ComponentContext(ID, telemetry), config);
        exporter.start();
        for (int i = 0; i < 10; i++) {
            exporter.consumeTraces(TestData.spans("c" + i, 1));
        }
        long start = System.nanoTime();
        exporter.shutdown();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
        assertThat(exporter("otelcol_exporter_send_failed_spans")).isEqualTo(10);
    }

    @Test
    void startDoesNotNeedTheBackend() throws Exception {
        TracesExporter exporter = new OtlpGrpcExporterFactory().createTraces(new ComponentContext(ID, telemetry),
                config("127.0.0.1:" + Ports.free(), SendingQueueConfig.defaults(), FAST_RETRY));
        exporter.start();
        exporter.shutdown();
    }
}
