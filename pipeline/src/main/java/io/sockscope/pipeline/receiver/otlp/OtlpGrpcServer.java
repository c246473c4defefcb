package io.sockscope.pipeline.receiver.otlp;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.sockscope.pipeline.otlp.HostPort;
import io.sockscope.pipeline.tls.PemTls;
import io.sockscope.pipeline.tls.ServerTlsConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC: the TraceService and MetricsService {@code Export} calls, on grpc-java's Netty server.
 * gzip-compressed requests are accepted (grpc-java decompresses them). A service is registered only
 * when a pipeline takes its signal; the other answers UNIMPLEMENTED.
 */
final class OtlpGrpcServer {
    private final Server server;

    OtlpGrpcServer(OtlpReceiverConfig.Grpc config, Deliveries deliveries) throws IOException, GeneralSecurityException {
        HostPort hp = HostPort.parse(config.endpoint());
        InetSocketAddress address = hp.host().isEmpty() ? new InetSocketAddress(hp.port()) : new InetSocketAddress(hp.host(), hp.port());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address, credentials(config.tls()))
                .maxInboundMessageSize(config.maxRecvMsgSizeMib() * 1024 * 1024);
        if (deliveries.acceptsTraces()) {
            builder.addService(new TraceServiceGrpc.TraceServiceImplBase() {
                @Override
                public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
                    try {
                        deliveries.traces(request);
                        response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                        response.onCompleted();
                    } catch (Deliveries.RefusedException e) {
                        response.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
                    }
                }
            });
        }
        if (deliveries.acceptsMetrics()) {
            builder.addService(new MetricsServiceGrpc.MetricsServiceImplBase() {
                @Override
                public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> response) {
                    try {
                        deliveries.metrics(request);
                        response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                        response.onCompleted();
                    } catch (Deliveries.RefusedException e) {
                        response.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
                    }
                }
            });
        }
        this.server = builder.build();
    }

    private static ServerCredentials credentials(ServerTlsConfig tls) throws IOException, GeneralSecurityException {
        if (tls == null) {
            return InsecureServerCredentials.create();
        }
        TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder()
                .keyManager(PemTls.keyManagers(Path.of(tls.certFile()), Path.of(tls.keyFile())));
        if (tls.requiresClientCertificate()) {
            b.trustManager(PemTls.trustManagers(Path.of(tls.clientCaFile())))
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return b.build();
    }

    void start() throws IOException {
        server.start();
    }

    int port() {
        return server.getPort();
    }

    /** Lets calls in progress finish for a moment, then cuts the rest. */
    void shutdown() {
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
