package io.sockscope.pipeline.receiver.otlp;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;

import java.io.IOException;

/**
 * The {@code otlp} receiver: OTLP/gRPC and OTLP/HTTP servers feeding the pipelines that name it.
 * Servers bind in {@link #start()}; a port taken by another process fails start with the endpoint
 * and the key that set it. Ports of 0 pick free ports, readable with {@link #grpcPort()} and
 * {@link #httpPort()} after start.
 */
public final class OtlpReceiver implements Component {
    private final ComponentContext context;
    private final OtlpReceiverConfig config;
    private final Deliveries deliveries;
    private volatile OtlpGrpcServer grpc;
    private volatile OtlpHttpServer http;

    public OtlpReceiver(ComponentContext context, OtlpReceiverConfig config, TracesConsumer traces, MetricsConsumer metrics) {
        this.context = context;
        this.config = config;
        this.deliveries = new Deliveries(context.id(), traces, metrics);
    }

    @Override
    public void start() throws Exception {
        OtlpReceiverConfig.Grpc g = config.protocols().grpc();
        OtlpReceiverConfig.Http h = config.protocols().http();
        try {
            if (g != null) {
                OtlpGrpcServer server = new OtlpGrpcServer(g, deliveries);
                try {
                    server.start();
                } catch (IOException e) {
                    throw cannotListen(g.endpoint(), "protocols.grpc.endpoint", e);
                }
                grpc = server;
            }
            if (h != null) {
                OtlpHttpServer server = new OtlpHttpServer(context.id(), h, deliveries);
                try {
                    server.start();
                } catch (IOException e) {
                    throw cannotListen(h.endpoint(), "protocols.http.endpoint", e);
                }
                http = server;
            }
        } catch (Exception e) {
            shutdown();
            throw e;
        }
    }

    private IOException cannotListen(String endpoint, String key, IOException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new IOException(context.id() + ": cannot listen on " + endpoint + " (" + key + "): " + root.getMessage()
                + "; another process may hold the port: stop it or choose another endpoint", e);
    }

    /** The bound gRPC port, or -1 when gRPC is off or not started. */
    public int grpcPort() {
        OtlpGrpcServer s = grpc;
        return s == null ? -1 : s.port();
    }

    /** The bound HTTP port, or -1 when HTTP is off or not started. */
    public int httpPort() {
        OtlpHttpServer s = http;
        return s == null ? -1 : s.port();
    }

    @Override
    public void shutdown() {
        OtlpHttpServer h = http;
        if (h != null) {
            http = null;
            h.shutdown();
        }
        OtlpGrpcServer g = grpc;
        if (g != null) {
            grpc = null;
            g.shutdown();
        }
    }
}
