package io.sockscope.pipeline.receiver.otlp;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.otlp.CollectingConsumer;
import io.sockscope.pipeline.otlp.TestData;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The otlp receiver, spoken to by plain clients: protobuf and JSON over HTTP, gRPC with and without gzip. */
class OtlpReceiverTest {
    private static final String ID = "otlp/in";
    private static final String TRACES_JSON = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
              "scopeSpans":[{"scope":{"name":"manual"},"spans":[{
                "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173",
                "name":"GET /cart","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
                "attributes":[{"key":"http.response.status_code","value":{"intValue":"200"}}],
                "status":{"code":1},"someFutureField":true}]}]}]}
            """;

    private final SelfTelemetry telemetry = new SelfTelemetry();
    private final CollectingConsumer received = new CollectingConsumer();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<OtlpReceiver> receivers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        receivers.forEach(OtlpReceiver::shutdown);
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
        }
        http.close();
    }

    private OtlpReceiver start(OtlpReceiverConfig.Grpc grpc, OtlpReceiverConfig.Http httpConfig) throws Exception {
        OtlpReceiver r = new OtlpReceiverFactory().create(new ComponentContext(ID, telemetry),
                new OtlpReceiverConfig(new OtlpReceiverConfig.Protocols(grpc, httpConfig)), received, received);
        receivers.add(r);
        r.start();
        return r;
    }

    private OtlpReceiver startBoth() throws Exception {
        return start(OtlpReceiverConfig.Grpc.on("127.0.0.1:0"), OtlpReceiverConfig.Http.on("127.0.0.1:0"));
    }

    private HttpResponse<byte[]> post(OtlpReceiver r, String path, String contentType, String contentEncoding, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            b.header("Content-Encoding", contentEncoding);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private ManagedChannel channel(OtlpReceiver r) {
        ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", r.grpcPort()).usePlaintext().build();
        channels.add(c);
        return c;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void httpProtobufTraces() throws Exception {
        OtlpReceiver r = startBoth();
        var spans = TestData.spans("proto", 3);
        HttpResponse<byte[]> response = post(r, "/v1/traces", "application/x-protobuf", null,
                ExportTraceServiceRequest.newBuilder().addAllResourceSpans(spans).build().toByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(received.spans).containsExactlyElementsOf(spans);
    }

    @Test
    void httpJsonTracesWithHexIds() throws Exception {
        OtlpReceiver r = startBoth();
        HttpResponse<byte[]> response = post(r, "/v1/traces", "application/json; charset=utf-8", null,
                TRACES_JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        Span span = received.spans.getFirst().getScopeSpans(0).getSpans(0);
        assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray())).isEqualTo("eee19b7ec3c1b174");
        assertThat(HexFormat.of().formatHex(span.getParentSpanId().toByteArray())).isEqualTo("eee19b7ec3c1b173");
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
        assertThat(span.getAttributes(0).getValue().getIntValue()).isEqualTo(200);
        assertThat(received.spans.getFirst().getResource().getAttributes(0).getValue().getStringValue()).isEqualTo("shop");
    }

    @Test
    void httpGzipBodies() throws Exception {
        OtlpReceiver r = startBoth();
        HttpResponse<byte[]> json = post(r, "/v1/traces", "application/json", "gzip", gzip(TRACES_JSON.getBytes(StandardCharsets.UTF_8)));
        assertThat(json.statusCode()).isEqualTo(200);
        ExportMetricsServiceRequest metrics = ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(TestData.gauge("g", 5)).build();
        HttpResponse<byte[]> proto = post(r, "/v1/metrics", "application/x-protobuf", "gzip", gzip(metrics.toByteArray()));
        assertThat(proto.statusCode()).isEqualTo(200);
        assertThat(received.spanCount()).isEqualTo(1);
        assertThat(received.metrics).containsExactlyElementsOf(metrics.getResourceMetricsList());
    }

    @Test
    void httpJsonMetrics() throws Exception {
        OtlpReceiver r = startBoth();
        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"http.server.request.duration","unit":"s",
                  "sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"asDouble":1.5,"timeUnixNano":"1",
                  "exemplars":[{"asDouble":0.2,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}}]}]}]}
                """;
        assertThat(post(r, "/v1/metrics", "application/json", null, json.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        var exemplar = received.metrics.getFirst().getScopeMetrics(0).getMetrics(0).getSum().getDataPoints(0).getExemplars(0);
        assertThat(HexFormat.of().formatHex(exemplar.getTraceId().toByteArray())).isEqualTo("5b8efff798038103d269b633813fc60c");
    }

    @Test
    void httpAnswers503WhenThePipelineRefuses() throws Exception {
        OtlpReceiver r = startBoth();
        received.refuse = true;
        HttpResponse<byte[]> response = post(r, "/v1/traces", "application/x-protobuf", null,
                ExportTraceServiceRequest.newBuilder().addAllResourceSpans(TestData.spans("x", 2)).build().toByteArray());
        assertThat(response.statusCode()).isEqualTo(503);
        com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.body());
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
        assertThat(status.getMessage()).contains("memory limit reached");
        assertThat(received.refusedSpans).hasValue(2);
        assertThat(received.spans).isEmpty();
    }

    @Test
    void httpRejectsWhatIsNotOtlp() throws Exception {
        OtlpReceiver r = startBoth();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(post(r, "/v1/traces", "text/plain", null, body).statusCode()).isEqualTo(415);
        assertThat(post(r, "/v1/logs", "application/json", null, body).statusCode()).isEqualTo(404);
        assertThat(post(r, "/v1/traces", "application/json", "br", body).statusCode()).isEqualTo(415);
        assertThat(post(r, "/v1/traces", "application/json", null, "{not json".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(400);
        assertThat(post(r, "/v1/traces", "application/x-protobuf", null, new byte[]{(byte) 0xff, 1, 2}).statusCode()).isEqualTo(400);
        assertThat(post(r, "/v1/traces", "application/json", "gzip", body).statusCode()).isEqualTo(400);
        assertThat(post(r, "/v1/traces", "application/json", null,
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not an id!\"}]}]}]}".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(400);
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort() + "/v1/traces")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(received.spans).isEmpty();
    }

    @Test
    void httpRefusesBodiesOverTheLimitAfterDecompression() throws Exception {
        OtlpReceiver r = start(null, new OtlpReceiverConfig.Http("127.0.0.1:0", null, 1000L));
        byte[] big = ExportTraceServiceRequest.newBuilder().addAllResourceSpans(TestData.spans("big", 50)).build().toByteArray();
        assertThat(big.length).isGreaterThan(1000);
        assertThat(post(r, "/v1/traces", "application/x-protobuf", "gzip", gzip(big)).statusCode()).isEqualTo(413);
    }

    @Test
    void grpcTracesAndMetricsWithAndWithoutGzip() throws Exception {
        OtlpReceiver r = startBoth();
        ManagedChannel channel = channel(r);
        var spans = TestData.spans("grpc", 2);
        TraceServiceGrpc.newBlockingStub(channel).withCompression("gzip")
                .export(ExportTraceServiceRequest.newBuilder().addAllResourceSpans(spans).build());
        MetricsServiceGrpc.newBlockingStub(channel)
                .export(ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(TestData.gauge("g", 3)).build());
        assertThat(received.spans).containsExactlyElementsOf(spans);
        assertThat(received.pointCount()).isEqualTo(3);
    }

    @Test
    void grpcAnswersUnavailableWhenThePipelineRefuses() throws Exception {
        OtlpReceiver r = startBoth();
        received.refuse = true;
        assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel(r))
                .export(ExportTraceServiceRequest.newBuilder().addAllResourceSpans(TestData.spans("x", 4)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(received.refusedSpans).hasValue(4);
    }

    @Test
    void onlyTheConfiguredProtocolsRun() throws Exception {
        OtlpReceiver grpcOnly = start(OtlpReceiverConfig.Grpc.on("127.0.0.1:0"), null);
        assertThat(grpcOnly.grpcPort()).isPositive();
        assertThat(grpcOnly.httpPort()).isEqualTo(-1);
        OtlpReceiver httpOnly = start(null, OtlpReceiverConfig.Http.on("127.0.0.1:0"));
        assertThat(httpOnly.grpcPort()).isEqualTo(-1);
        assertThat(httpOnly.httpPort()).isPositive();
    }

    @Test
    void aSignalNoPipelineTakesIsNotServed() throws Exception {
        OtlpReceiver r = new OtlpReceiverFactory().create(new ComponentContext(ID, telemetry), new OtlpReceiverConfig(
                new OtlpReceiverConfig.Protocols(OtlpReceiverConfig.Grpc.on("127.0.0.1:0"), OtlpReceiverConfig.Http.on("127.0.0.1:0"))),
                received, null);
        receivers.add(r);
        r.start();
        assertThatThrownBy(() -> MetricsServiceGrpc.newBlockingStub(channel(r))
                .export(ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(TestData.gauge("g", 1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        assertThat(post(r, "/v1/metrics", "application/x-protobuf", null, new byte[0]).statusCode()).isEqualTo(404);
        assertThat(post(r, "/v1/traces", "application/x-protobuf", null, new byte[0]).statusCode()).isEqualTo(200);
    }

    @Test
    void aTakenPortFailsStartNamingTheEndpointAndKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String endpoint = "127.0.0.1:" + taken.getLocalPort();
            OtlpReceiver r = new OtlpReceiverFactory().create(new ComponentContext(ID, telemetry),
                    new OtlpReceiverConfig(new OtlpReceiverConfig.Protocols(null, OtlpReceiverConfig.Http.on(endpoint))), received, received);
            assertThatThrownBy(r::start).isInstanceOf(IOException.class)
                    .hasMessageContaining(endpoint).hasMessageContaining("protocols.http.endpoint");
            OtlpReceiver g = new OtlpReceiverFactory().create(new ComponentContext(ID, telemetry),
                    new OtlpReceiverConfig(new OtlpReceiverConfig.Protocols(OtlpReceiverConfig.Grpc.on(endpoint), null)), received, received);
            assertThatThrownBy(g::start).isInstanceOf(IOException.class)
                    .hasMessageContaining(endpoint).hasMessageContaining("protocols.grpc.endpoint");
        }
    }
}
