package io.sockscope.pipeline.exporter.otlp;

import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory.TracesExporter;
import io.sockscope.pipeline.exporter.queue.RetryConfig;
import io.sockscope.pipeline.exporter.queue.SendingQueueConfig;
import io.sockscope.pipeline.otlp.Await;
import io.sockscope.pipeline.otlp.CollectingConsumer;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** otlp_grpc over TLS and mutual TLS to our otlp receiver, with certificates made by openssl. */
class OtlpGrpcTlsTest {
    private static final String ID = "otlp_grpc/tls";
    /** Fails fast: a TLS mistake does not heal by retrying. */
    private static final RetryConfig SHORT_RETRY = new RetryConfig(true, Duration.ofMillis(20), Duration.ofMillis(50),
            Duration.ofMillis(300), 1.5, 0.0);

    @TempDir
    static Path dir;
    static TestCerts certs;

    private final SelfTelemetry telemetry = new SelfTelemetry();
    private final CollectingConsumer received = new CollectingConsumer();
    private final List<Component> running = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.generate(dir);
    }

    @AfterEach
    void stop() {
        running.reversed().forEach(Component::shutdown);
    }

    private int tlsReceiver(ServerTlsConfig tls) throws Exception {
        OtlpReceiver r = new OtlpReceiverFactory().create(new ComponentContext("otlp", telemetry),
                new OtlpReceiverConfig(new OtlpReceiverConfig.Protocols(new OtlpReceiverConfig.Grpc("127.0.0.1:0", tls, null), null)),
                received, received);
        r.start();
        running.add(r);
        return r.grpcPort();
    }

    private TracesExporter exporter(String endpoint, ClientTlsConfig tls) throws Exception {
        TracesExporter e = new OtlpGrpcExporterFactory().createTraces(new ComponentContext(ID, telemetry),
                new OtlpGrpcExporterConfig(endpoint, tls, Map.of(), "gzip", Duration.ofSeconds(2), SendingQueueConfig.defaults(), SHORT_RETRY));
        e.start();
        running.add(e);
        return e;
    }

    private long exporter(String metric) {
        return telemetry.value(SelfTelemetry.series(metric, "exporter", ID));
    }

    @Test
    void tlsWithTheCaFromCaFile() throws Exception {
        int port = tlsReceiver(certs.server());
        exporter("localhost:" + port, certs.clientTrustingCa()).consumeTraces(TestData.spans("tls", 2));
        Await.until(() -> received.spanCount() == 2, () -> "received " + received.spanCount());
        Await.until(() -> exporter("otelcol_exporter_sent_spans") == 2, () -> "not counted");
    }

    @Test
    void httpsPrefixMeansTls() throws Exception {
        int port = tlsReceiver(certs.server());
        exporter("https://127.0.0.1:" + port, certs.clientTrustingCa()).consumeTraces(TestData.spans("tls", 1));
        Await.until(() -> received.spanCount() == 1, () -> "received " + received.spanCount());
    }

    @Test
    void mutualTlsWithAClientCertificate() throws Exception {
        int port = tlsReceiver(certs.serverRequiringClientCert());
        exporter("localhost:" + port, certs.clientWithCertificate()).consumeTraces(TestData.spans("mtls", 3));
        Await.until(() -> received.spanCount() == 3, () -> "received " + received.spanCount());
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificate() throws Exception {
        int port = tlsReceiver(certs.serverRequiringClientCert());
        exporter("localhost:" + port, certs.clientTrustingCa()).consumeTraces(TestData.spans("anonymous", 2));
        Await.until(() -> exporter("otelcol_exporter_send_failed_spans") == 2, () -> "not failed");
        assertThat(received.spanCount()).isZero();
    }

    @Test
    void anUntrustedServerCertificateFails() throws Exception {
        int port = tlsReceiver(certs.server());
        exporter("localhost:" + port, ClientTlsConfig.defaults()).consumeTraces(TestData.spans("untrusted", 2));
        Await.until(() -> exporter("otelcol_exporter_send_failed_spans") == 2, () -> "not failed");
        assertThat(received.spanCount()).isZero();
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
        int port = tlsReceiver(certs.server());
        exporter("127.0.0.1:" + port, new ClientTlsConfig(false, true, null, null, null)).consumeTraces(TestData.spans("skip", 1));
        Await.until(() -> received.spanCount() == 1, () -> "received " + received.spanCount());
    }

    @Test
    void plaintextToATlsServerFails() throws Exception {
        int port = tlsReceiver(certs.server());
        exporter("http://127.0.0.1:" + port, null).consumeTraces(TestData.spans("plain", 1));
        Await.until(() -> exporter("otelcol_exporter_send_failed_spans") == 1, () -> "not failed");
        assertThat(received.spanCount()).isZero();
    }
}
