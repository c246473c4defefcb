package io.sockscope.pipeline.exporter.otlp;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A trace backend whose answers a test writes in advance: the n-th call gets the n-th answer, and
 * OK once the script runs out. Records each call's time, metadata and request.
 */
final class ScriptedGrpcBackend implements AutoCloseable {
    record Call(long nanoTime, Metadata headers, ExportTraceServiceRequest request) {
    }

    private final ConcurrentLinkedQueue<Supplier<Object>> script = new ConcurrentLinkedQueue<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Server server;
    private static final ThreadLocalHeaders HEADERS = new ThreadLocalHeaders();

    ScriptedGrpcBackend() throws IOException {
        TraceServiceGrpc.TraceServiceImplBase service = new TraceServiceGrpc.TraceServiceImplBase() {
            @Override
            public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
                calls.add(new Call(System.nanoTime(), HEADERS.current.get(), request));
                Supplier<Object> next = script.poll();
                Object answer = next == null ? ExportTraceServiceResponse.getDefaultInstance() : next.get();
                if (answer instanceof ExportTraceServiceResponse r) {
                    response.onNext(r);
                    response.onCompleted();
                } else {
                    response.onError((Throwable) answer);
                }
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .directExecutor()
                .addService(ServerInterceptors.intercept(service, HEADERS))
                .build().start();
    }

    /** Keeps the metadata of the call being handled for the service method (direct executor: same thread). */
    private static final class ThreadLocalHeaders implements ServerInterceptor {
        final ThreadLocal<Metadata> current = new ThreadLocal<>();

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            ServerCall.Listener<Q> delegate = next.startCall(call, headers);
            return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
                @Override
                public void onHalfClose() {
                    current.set(headers);
                    try {
                        super.onHalfClose();
                    } finally {
                        current.remove();
                    }
                }
            };
        }
    }

    int port() {
        return server.getPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    ScriptedGrpcBackend then(Status status) {
        script.add(() -> status.asRuntimeException());
        return this;
    }

    ScriptedGrpcBackend thenWithRetryInfo(Status status, long retryDelayMillis) {
        com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
                .setCode(status.getCode().value())
                .setMessage(String.valueOf(status.getDescription()))
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(retryDelayMillis / 1000).setNanos((int) (retryDelayMillis % 1000) * 1_000_000)).build()))
                .build();
        script.add(() -> StatusProto.toStatusRuntimeException(details));
        return this;
    }

    ScriptedGrpcBackend thenPartialSuccess(long rejected, String message) {
        script.add(() -> ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message)).build());
        return this;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
