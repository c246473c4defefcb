package io.sockscope.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sockscope.pipeline.assembly.RunningService;
import io.sockscope.pipeline.assembly.ServiceAssembler;
import io.sockscope.pipeline.assembly.ServiceConfig;
import io.sockscope.pipeline.registry.ComponentRegistry;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of {@code sockscope train}, run in its own JVM (the probes do not trace Sockscope): an
 * HTTP/1.1 server on 127.0.0.1:PORT and keep-alive clients against it for SECONDS, paced to a few
 * thousand requests a second, like a busy service rather than a flood. The mix has what real traffic
 * has: GETs and POSTs with bodies, 404s, and connections that close and reopen. It also runs the OTLP
 * sink the training exports to ({@code otlp} receiver → {@code nop} on 127.0.0.1:SINK_PORT), until its
 * standard input closes.
 * <pre>java -cp ... io.sockscope.cli.TrainingLoad PORT SINK_PORT SECONDS</pre>
 * Standard output has two lines for {@code sockscope train}: {@link #LOAD_DONE} when the clients are
 * done, {@link #RECEIVED} with the spans the sink received when it stopped.
 */
final class TrainingLoad {
    static final String LOAD_DONE = "load done, requests ";
    static final String RECEIVED = "sink received spans ";
    private static final int CLIENTS = 4;
    private static final int REQUESTS_PER_CONNECTION = 200;
    private static final long PAUSE_NANOS = 500_000;
    private static final byte[] OK = "{\"id\":42,\"name\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "not found".getBytes(StandardCharsets.US_ASCII);

    private TrainingLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sinkPort = Integer.parseInt(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        SelfTelemetry telemetry = SelfTelemetry.global();
        RunningService sink = ServiceAssembler.assemble(sink(sinkPort), telemetry);
        sink.start();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService handlers = Executors.newFixedThreadPool(CLIENTS);
        server.createContext("/", TrainingLoad::answer);
        server.setExecutor(handlers);
        server.start();
        LongAdder requests = new LongAdder();
        Thread[] clients = new Thread[CLIENTS];
        for (int c = 0; c < CLIENTS; c++) {
            clients[c] = Thread.ofPlatform().name("client-" + c).start(() -> client(port, deadline, requests));
        }
        for (Thread c : clients) {
            c.join();
        }
        server.stop(0);
        handlers.shutdownNow();
        System.out.println(LOAD_DONE + requests.sum());
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream()); // until the training has flushed its last batches
        sink.shutdown();
        System.out.println(RECEIVED + telemetry.snapshot().getOrDefault(
                SelfTelemetry.series("otelcol_receiver_accepted_spans", "receiver", "otlp"), 0L));
    }

    private static ServiceConfig sink(int port) {
        String yaml = """
                receivers:
                  otlp: {protocols: {grpc: {endpoint: 127.0.0.1:%d}}}
                exporters:
                  nop: {}
                service:
                  pipelines:
                    traces: {receivers: [otlp], exporters: [nop]}
                    metrics: {receivers: [otlp], exporters: [nop]}
                """.formatted(port);
        return TrainCommand.valid("training sink's configuration", yaml, ComponentRegistry.withBuiltins());
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            boolean found = !exchange.getRequestURI().getPath().startsWith("/missing");
            byte[] body = found ? OK : NOT_FOUND;
            exchange.getResponseHeaders().add("Content-Type", found ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(found ? ("POST".equals(exchange.getRequestMethod()) ? 201 : 200) : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void client(int port, long deadline, LongAdder requests) {
        long n = 0;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                for (int i = 0; i < REQUESTS_PER_CONNECTION && System.nanoTime() < deadline; i++, n++) {
                    out.write(request(n).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    readResponse(in);
                    requests.increment();
                    LockSupport.parkNanos(PAUSE_NANOS);
                }
            } catch (IOException e) {
                System.err.println("sockscope train: " + e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private static String request(long n) {
        if (n % 10 == 3) {
            String body = "{\"name\":\"item-" + n + "\"}";
            return "POST /api/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body;
        }
        String path = n % 10 == 7 ? "/missing/" + n : "/api/items/" + (n % 100);
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: sockscope-train\r\n\r\n";
    }

    /** Reads one response: status line and headers, then Content-Length bytes of body. */
    private static void readResponse(InputStream in) throws IOException {
        int length = 0;
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\n') {
                line.append((char) b);
                continue;
            }
            String header = line.toString().trim();
            line.setLength(0);
            if (header.isEmpty()) {
                break;
            }
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("connection closed mid-body");
        }
    }
}
