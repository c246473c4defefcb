package io.sockscope.pipeline.exporter.otlphttp;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
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
import io.sockscope.pipeline.tls.ClientTlsConfig;
import io.sockscope.pipeline.tls.ServerTlsConfig;
import io.sockscope.pipeline.tls.TestCerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The otlp_http exporter against our own otlp receiver (HTTP and HTTPS), and against a scripted backend. */
class OtlpHttpExporterTest {
    private static final String ID = "otlp_http/test";
    private static final RetryConfig FAST_RETRY = new RetryConfig(true, Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofSeconds(10), 1.5, 0.0);

    @TempDir
    static Path dir;
    static TestCerts certs;

    private final SelfTelemetry telemetry = new SelfTelemetry();
    private final CollectingConsumer received = new CollectingConsumer();
    private final List<Component> running = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.generate(dir);
    }

    @AfterEach
    void stop() throws Exception {
        running.reversed().forEach(Component::shutdown);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private static OtlpHttpExporterConfig config(String endpoint) {
        return new OtlpHttpExporterConfig(endpoint, null, null, null, Map.of(), "gzip", Duration.ofSeconds(2),
                new SendingQueueConfig(true, 2, 10), FAST_RETRY);
    }

    private TracesExporter traces(OtlpHttpExporterConfig config) throws Exception {
        TracesExporter e = new OtlpHttpExporterFactory().createTraces(new ComponentContext(ID, telemetry), config);
        e.start();
        running.add(e);
        return e;
    }

    private OtlpReceiver receiver(String endpoint, ServerTlsConfig tls) throws Exception {
        OtlpReceiver r = new OtlpReceiverFactory().create(new ComponentContext("otlp", telemetry),
                new OtlpReceiverConfig(new OtlpReceiverConfig.Protocols(null, new OtlpReceiverConfig.Http(endpoint, tls, null))),
                received, received);
        r.start();
        running.add(r);
        return r;
    }

    private ScriptedHttpBackend scripted() throws Exception {
        ScriptedHttpBackend b = new ScriptedHttpBackend();
        closeables.add(b);
        return b;
    }

    private long exporter(String metric) {
        return telemetry.value(SelfTelemetry.series(metric, "exporter", ID));
    }

    @Test
    void deliversTracesAndMetricsToAnOtlpReceiver() throws Exception {
        OtlpReceiver receiver = receiver("127.0.0.1:0", null);
        OtlpHttpExporterConfig config = config("http://127.0.0.1:" + receiver.httpPort());
        var spans = TestData.spans("GET /", 3);
        traces(config).consumeTraces(spans);
        MetricsExporter metrics = new OtlpHttpExporterFactory().createMetrics(new ComponentContext(ID, telemetry), config);
        metrics.start();
        running.add(metrics);
        metrics.consumeMetrics(TestData.gauge("g", 2));
        Await.until(() -> received.spanCount() == 3 && received.pointCount() == 2, () -> "received " + received.spanCount());
        assertThat(received.spans).containsExactlyElementsOf(spans);
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 3 && exporter("otelcol_exporter_sent_metric_points") == 2,
                () -> "not counted");
    }

    @Test
    void queuesWhileTheBackendIsDownAndDeliversWhenItComesUp() throws Exception {
        int port = Ports.free();
        TracesExporter exporter = traces(config("http://127.0.0.1:" + port));
        exporter.consumeTraces(TestData.spans("first", 1));
        exporter.consumeTraces(TestData.spans("second", 1));
        Await.until(() -> exporter("otelcol_exporter_queue_size") == 0, () -> "the consumers did not take the first batches");
        for (int i = 0; i < 15; i++) {
            exporter.consumeTraces(TestData.spans("b" + i, 1));
        }
        assertThat(exporter("otelcol_exporter_enqueue_failed_spans")).isEqualTo(5);
        receiver("127.0.0.1:" + port, null);
        Await.until(() -> received.spanCount() == 12, () -> "received " + received.spanCount());
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 12, () -> "sent " + exporter("otelcol_exporter_sent_spans"));
        assertThat(exporter("otelcol_exporter_send_failed_spans")).isZero();
    }

    @Test
    void postsGzippedProtobufToV1TracesWithTheConfiguredHeaders() throws Exception {
        ScriptedHttpBackend backend = scripted();
        var spans = TestData.spans("wire", 2);
        traces(new OtlpHttpExporterConfig(backend.endpoint() + "/otlp/", null, null, null, Map.of("Authorization", "Bearer t0ken"),
                "gzip", Duration.ofSeconds(2), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(spans);
        Await.until(() -> backend.requests.size() == 1, () -> "no request");
        ScriptedHttpBackend.Request r = backend.requests.getFirst();
        assertThat(r.path()).isEqualTo("/otlp/v1/traces");
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(r.headers().getFirst("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(r.body()[0] & 0xff).isEqualTo(0x1f);
        assertThat(r.body()[1] & 0xff).isEqualTo(0x8b);
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        assertThat(ExportTraceServiceRequest.parseFrom(plain).getResourceSpansList()).isEqualTo(spans);
    }

    @Test
    void compressionNoneAndTracesEndpointOverride() throws Exception {
        ScriptedHttpBackend backend = scripted();
        traces(new OtlpHttpExporterConfig("http://unused.invalid:4318", backend.endpoint() + "/custom/traces", null, null, Map.of(),
                "none", Duration.ofSeconds(2), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("x", 1));
        Await.until(() -> backend.requests.size() == 1, () -> "no request");
        ScriptedHttpBackend.Request r = backend.requests.getFirst();
        assertThat(r.path()).isEqualTo("/custom/traces");
        assertThat(r.headers().getFirst("Content-Encoding")).isNull();
        assertThat(ExportTraceServiceRequest.parseFrom(r.body()).getResourceSpansCount()).isEqualTo(1);
    }

    @Test
    void retries503AfterRetryAfter() throws Exception {
        ScriptedHttpBackend backend = scripted().then(503, Map.of("Retry-After", "1"), new byte[0]);
        traces(config(backend.endpoint())).consumeTraces(TestData.spans("x", 2));
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 2, () -> "not sent");
        assertThat(backend.requests).hasSize(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(backend.requests.get(1).nanoTime() - backend.requests.get(0).nanoTime()))
                .isGreaterThanOrEqualTo(1000);
    }

    @Test
    void retries429And502And504() throws Exception {
        ScriptedHttpBackend backend = scripted().then(429).then(502).then(504);
        traces(config(backend.endpoint())).consumeTraces(TestData.spans("x", 1));
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 1, () -> "not sent");
        assertThat(backend.requests).hasSize(4);
    }

    @Test
    void dropsOnOtherStatuses() throws Exception {
        byte[] status = com.google.rpc.Status.newBuilder().setCode(3).setMessage("bad trace id").build().toByteArray();
        ScriptedHttpBackend backend = scripted().then(400, Map.of("Content-Type", "application/x-protobuf"), status);
        traces(config(backend.endpoint())).consumeTraces(TestData.spans("x", 2));
        Await.until(() -> exporter("otelcol_exporter_send_failed_spans") == 2, () -> "not failed");
        Thread.sleep(100);
        assertThat(backend.requests).hasSize(1);
    }

    @Test
    void partialSuccessCountsRejectedSpansAsFailed() throws Exception {
        byte[] partial = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(1).setErrorMessage("too old")).build().toByteArray();
        ScriptedHttpBackend backend = scripted().then(200, Map.of("Content-Type", "application/x-protobuf"), partial);
        traces(config(backend.endpoint())).consumeTraces(TestData.spans("x", 4));
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 3, () -> "not sent");
        assertThat(exporter("otelcol_exporter_send_failed_spans")).isEqualTo(1);
    }

    @Test
    void tlsToAnHttpsReceiver() throws Exception {
        OtlpReceiver receiver = receiver("127.0.0.1:0", certs.server());
        traces(new OtlpHttpExporterConfig("https://localhost:" + receiver.httpPort(), null, null, certs.clientTrustingCa(), Map.of(),
                "gzip", Duration.ofSeconds(2), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("tls", 2));
        Await.until(() -> received.spanCount() == 2, () -> "received " + received.spanCount());
    }

    @Test
    void anEndpointWithoutSchemeIsHttpsUnlessInsecure() throws Exception {
        OtlpReceiver tls = receiver("127.0.0.1:0", certs.server());
        traces(new OtlpHttpExporterConfig("localhost:" + tls.httpPort(), null, null, certs.clientTrustingCa(), Map.of(),
                "gzip", Duration.ofSeconds(2), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("tls", 1));
        Await.until(() -> received.spanCount() == 1, () -> "received " + received.spanCount());

        OtlpReceiver plain = receiver("127.0.0.1:0", null);
        traces(new OtlpHttpExporterConfig("127.0.0.1:" + plain.httpPort(), null, null, new ClientTlsConfig(true, false, null, null, null),
                Map.of(), "gzip", Duration.ofSeconds(2), SendingQueueConfig.defaults(), FAST_RETRY)).consumeTraces(TestData.spans("plain", 1));
        Await.until(() -> received.spanCount() == 2, () -> "received " + received.spanCount());
    }

    @Test
    void mutualTls() throws Exception {
        OtlpReceiver receiver = receiver("127.0.0.1:0", certs.serverRequiringClientCert());
        RetryConfig shortRetry = new RetryConfig(true, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(300), 1.5, 0.0);
        String endpoint = "https://localhost:" + receiver.httpPort();
        traces(new OtlpHttpExporterConfig(endpoint, null, null, certs.clientWithCertificate(), Map.of(), "gzip",
                Duration.ofSeconds(2), SendingQueueConfig.defaults(), shortRetry)).consumeTraces(TestData.spans("mtls", 2));
        Await.until(() -> received.spanCount() == 2, () -> "received " + received.spanCount());

        traces(new OtlpHttpExporterConfig(endpoint, null, null, certs.clientTrustingCa(), Map.of(), "gzip",
                Duration.ofSeconds(2), SendingQueueConfig.defaults(), shortRetry)).consumeTraces(TestData.spans("anonymous", 3));
        Await.until(() -> exporter("otelcol_exporter_send_failed_spans") == 3, () -> "not failed");
        assertThat(received.spanCount()).isEqualTo(2);
    }

    @Test
    void shutdownDeliversWhatIsQueued() throws Exception {
        OtlpReceiver receiver = receiver("127.0.0.1:0", null);
        TracesExporter exporter = new OtlpHttpExporterFactory().createTraces(new ComponentContext(ID, telemetry),
                new OtlpHttpExporterConfig("http://127.0.0.1:" + receiver.httpPort(), null, null, null, Map.of(), "gzip",
                        Duration.ofSeconds(3), new SendingQueueConfig(true, 1, 100), FAST_RETRY));
        for (int i = 0; i < 30; i++) {
            exporter.consumeTraces(TestData.spans("s" + i, 1));
        }
        exporter.start();
        exporter.shutdown();
        assertThat(received.spanCount()).isEqualTo(30);
        assertThat(exporter("otelcol_exporter_sent_spans")).isEqualTo(30);
    }
}
