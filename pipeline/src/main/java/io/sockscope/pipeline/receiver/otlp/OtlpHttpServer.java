package io.sockscope.pipeline.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.Status;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.sockscope.pipeline.otlp.HostPort;
import io.sockscope.pipeline.otlpjson.OtlpJson;
import io.sockscope.pipeline.tls.PemTls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * OTLP/HTTP on the JDK's HTTP server: {@code POST /v1/traces} and {@code /v1/metrics} with binary
 * protobuf ({@code application/x-protobuf}) or OTLP/JSON ({@code application/json}) bodies, optionally
 * gzip-compressed. Answers in the request's encoding; errors carry a {@code google.rpc.Status}.
 * A refusal downstream answers 503, which OTLP senders retry.
 */
final class OtlpHttpServer {
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    /** Answers carry no ids, so plain proto3 JSON is OTLP/JSON for them. */
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();

    private enum Encoding { PROTOBUF, JSON }

    private final String receiverId;
    private final InetSocketAddress address;
    private final SSLContext tls;
    private final boolean clientAuth;
    private final Deliveries deliveries;
    private final long maxBody;
    private final AtomicInteger active = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;

    /** Loads the TLS material; binds nothing yet. */
    OtlpHttpServer(String receiverId, OtlpReceiverConfig.Http config, Deliveries deliveries) throws IOException, GeneralSecurityException {
        this.receiverId = receiverId;
        this.deliveries = deliveries;
        this.maxBody = config.maxRequestBodySize();
        HostPort hp = HostPort.parse(config.endpoint());
        this.address = hp.host().isEmpty() ? new InetSocketAddress(hp.port()) : new InetSocketAddress(hp.host(), hp.port());
        this.tls = config.tls() == null ? null : PemTls.serverContext(config.tls());
        this.clientAuth = config.tls() != null && config.tls().requiresClientCertificate();
    }

    /** Binds and serves. */
    void start() throws IOException {
        server = tls == null ? HttpServer.create(address, 0) : https();
        // platform threads, bounded: each request may hold a body of up to max_request_body_size
        executor = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
                Thread.ofPlatform().daemon().name(receiverId + "-http-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private HttpsServer https() throws IOException {
        HttpsServer s = HttpsServer.create(address, 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(clientAuth);
                params.setSSLParameters(p);
            }
        });
        return s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /**
     * Lets requests in progress finish (up to a second), then closes every connection. Waiting here
     * rather than in {@code stop(1)}: the JDK server waits out the whole delay while idle keep-alive
     * connections are open.
     */
    void shutdown() {
        if (server == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        try {
            while (active.get() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        active.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean traces = path.equals("/v1/traces") && deliveries.acceptsTraces();
            boolean metrics = path.equals("/v1/metrics") && deliveries.acceptsMetrics();
            if (!traces && !metrics) {
                text(exchange, 404, "404 page not found");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                text(exchange, 405, "405 method not allowed, supported: [POST]");
                return;
            }
            Encoding encoding = encoding(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (encoding == null) {
                text(exchange, 415, "415 unsupported media type, supported: [" + JSON + ", " + PROTOBUF + "]");
                return;
            }
            String contentEncoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            boolean gzip = contentEncoding != null && contentEncoding.strip().equalsIgnoreCase("gzip");
            if (contentEncoding != null && !gzip && !contentEncoding.isBlank() && !contentEncoding.strip().equalsIgnoreCase("identity")) {
                status(exchange, encoding, 415, Status.Code.INVALID_ARGUMENT, "unsupported Content-Encoding " + contentEncoding + ", use gzip");
                return;
            }
            byte[] body;
            try {
                body = read(exchange.getRequestBody(), gzip);
            } catch (TooLarge e) {
                status(exchange, encoding, 413, Status.Code.INVALID_ARGUMENT, "request body larger than max_request_body_size (" + maxBody + " bytes)");
                return;
            } catch (ZipException | java.io.EOFException e) {
                status(exchange, encoding, 400, Status.Code.INVALID_ARGUMENT, "the body is not valid gzip: " + e.getMessage());
                return;
            }
            try {
                if (traces) {
                    deliveries.traces(encoding == Encoding.JSON
                            ? ExportTraceServiceRequest.newBuilder()
                                    .addAllResourceSpans(OtlpJson.parseTraces(new String(body, StandardCharsets.UTF_8))).build()
                            : ExportTraceServiceRequest.parseFrom(body));
                    ok(exchange, encoding, ExportTraceServiceResponse.getDefaultInstance());
                } else {
                    deliveries.metrics(encoding == Encoding.JSON
                            ? ExportMetricsServiceRequest.newBuilder()
                                    .addAllResourceMetrics(OtlpJson.parseMetrics(new String(body, StandardCharsets.UTF_8))).build()
                            : ExportMetricsServiceRequest.parseFrom(body));
                    ok(exchange, encoding, ExportMetricsServiceResponse.getDefaultInstance());
                }
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                status(exchange, encoding, 400, Status.Code.INVALID_ARGUMENT, "cannot decode the body: " + e.getMessage());
            } catch (Deliveries.RefusedException e) {
                status(exchange, encoding, 503, Status.Code.UNAVAILABLE, e.getMessage());
            }
        } catch (IOException e) {
            // the client went away mid-request: nothing to answer
        } finally {
            active.decrementAndGet();
        }
    }

    private static Encoding encoding(String contentType) {
        if (contentType == null) {
            return null;
        }
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (media) {
            case PROTOBUF -> Encoding.PROTOBUF;
            case JSON -> Encoding.JSON;
            default -> null;
        };
    }

    private static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private byte[] read(InputStream raw, boolean gzip) throws IOException, TooLarge {
        InputStream in = gzip ? new GZIPInputStream(raw) : raw;
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        if (body.length > maxBody) {
            throw new TooLarge();
        }
        return body;
    }

    private static void ok(HttpExchange exchange, Encoding encoding, Message response) throws IOException {
        send(exchange, 200, encoding, response);
    }

    private static void status(HttpExchange exchange, Encoding encoding, int httpStatus, Status.Code code, String message) throws IOException {
        send(exchange, httpStatus, encoding, com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).build());
    }

    private static void send(HttpExchange exchange, int httpStatus, Encoding encoding, Message message) throws IOException {
        byte[] body = encoding == Encoding.JSON
                ? JSON_PRINTER.print(message).getBytes(StandardCharsets.UTF_8)
                : message.toByteArray();
        exchange.getResponseHeaders().set("Content-Type", encoding == Encoding.JSON ? JSON : PROTOBUF);
        write(exchange, httpStatus, body);
    }

    private static void text(HttpExchange exchange, int httpStatus, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        write(exchange, httpStatus, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int httpStatus, byte[] body) throws IOException {
        // -1: no body; 0 would mean chunked
        exchange.sendResponseHeaders(httpStatus, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
