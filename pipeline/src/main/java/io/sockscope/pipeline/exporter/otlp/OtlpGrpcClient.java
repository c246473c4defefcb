package io.sockscope.pipeline.exporter.otlp;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.ConnectivityState;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.buffer.UnpooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.sockscope.pipeline.exporter.compression.RequestBody;
import io.sockscope.pipeline.exporter.queue.SendResult;
import io.sockscope.pipeline.tls.PemTls;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel to the backend and the OTLP stubs on it. The channel connects lazily and
 * reconnects by itself, so a backend that is down at start fails exports (retried), not start.
 * Thread-safe: the queue's consumers share it.
 */
final class OtlpGrpcClient implements AutoCloseable {
    /** gzip: requests come gzipped already ({@link PrecompressedGzip}). */
    private static final CompressorRegistry COMPRESSORS = CompressorRegistry.newEmptyInstance();

    static {
        COMPRESSORS.register(new PrecompressedGzip());
        COMPRESSORS.register(Codec.Identity.NONE);
    }

    /**
     * Buffers for requests and responses, taken from the C heap and freed once written. gRPC's
     * default pools them in arenas of chunks, two per CPU: an exporter writes a few requests a
     * second, of up to megabytes each, and the pool kept 10-15 MiB resident for that (measured with
     * bench/cost.sh) to save a malloc per request.
     */
    private static final ByteBufAllocator BUFFERS = new UnpooledByteBufAllocator(true);

    private static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT_TRACES =
            EncodedRequests.of(TraceServiceGrpc.getExportMethod());
    private static final MethodDescriptor<byte[], ExportMetricsServiceResponse> EXPORT_METRICS =
            EncodedRequests.of(MetricsServiceGrpc.getExportMethod());

    private final ManagedChannel channel;
    private final CallOptions options;
    private final long timeoutNanos;
    private final String target;

    OtlpGrpcClient(OtlpGrpcExporterConfig config) throws IOException, GeneralSecurityException {
        this.target = config.hostPort().toString();
        this.timeoutNanos = config.timeout().toNanos();
        Metadata headers = new Metadata();
        config.headers().forEach((k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        this.channel = NettyChannelBuilder.forAddress(config.hostPort().host(), config.hostPort().port(), credentials(config))
                .withOption(ChannelOption.ALLOCATOR, BUFFERS)
                .userAgent("sockscope")
                .compressorRegistry(COMPRESSORS)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
                .build();
        this.options = config.gzip() ? CallOptions.DEFAULT.withCompression("gzip") : CallOptions.DEFAULT;
    }

    private <Q, R> R call(MethodDescriptor<Q, R> method, Q request) {
        return ClientCalls.blockingUnaryCall(channel, method, options.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS), request);
    }

    private static ChannelCredentials credentials(OtlpGrpcExporterConfig config) throws IOException, GeneralSecurityException {
        if (config.plaintext()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        TrustManager[] trust = PemTls.clientTrustManagers(config.tls());
        if (trust != null) {
            tls.trustManager(trust);
        }
        KeyManager[] keys = PemTls.clientKeyManagers(config.tls());
        if (keys != null) {
            tls.keyManager(keys);
        }
        return tls.build();
    }

    /** Sends one {@code ExportTraceServiceRequest} as {@link RequestBody} encoded it. */
    SendResult exportTraces(byte[] request) throws InterruptedException {
        reconnectNow();
        try {
            ExportTraceServiceResponse response = call(EXPORT_TRACES, request);
            return response.hasPartialSuccess()
                    ? new SendResult.Sent(response.getPartialSuccess().getRejectedSpans(), response.getPartialSuccess().getErrorMessage())
                    : SendResult.sent();
        } catch (StatusRuntimeException e) {
            return failed(e);
        }
    }

    /** Sends one {@code ExportMetricsServiceRequest} as {@link RequestBody} encoded it. */
    SendResult exportMetrics(byte[] request) throws InterruptedException {
        reconnectNow();
        try {
            ExportMetricsServiceResponse response = call(EXPORT_METRICS, request);
            return response.hasPartialSuccess()
                    ? new SendResult.Sent(response.getPartialSuccess().getRejectedDataPoints(), response.getPartialSuccess().getErrorMessage())
                    : SendResult.sent();
        } catch (StatusRuntimeException e) {
            return failed(e);
        }
    }

    /**
     * Our retry policy paces the attempts; without this, an attempt made while the channel waits out
     * grpc-java's own reconnect backoff (up to 2 minutes) would fail without even trying to connect.
     */
    private void reconnectNow() {
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
    }

    private SendResult failed(StatusRuntimeException e) throws InterruptedException {
        // the blocking stub turns an interrupt into CANCELLED and keeps the flag set
        if (Thread.interrupted()) {
            throw new InterruptedException("export to " + target + " interrupted");
        }
        return GrpcRetryPolicy.classify(e, target);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
