package io.sockscope.cli;

import com.sun.net.httpserver.HttpServer;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sockscope's own metrics in the Prometheus text format at {@code /metrics}, where the Collector
 * serves its own ({@code 127.0.0.1:8888} by default): events read and lost, exchanges, spans
 * accepted, exported, failed, queued and dropped.
 */
final class TelemetryEndpoint implements AutoCloseable {
    private final HttpServer server;

    private TelemetryEndpoint(HttpServer server) {
        this.server = server;
    }

    static TelemetryEndpoint start(String hostPort, SelfTelemetry telemetry) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress at = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        HttpServer server = HttpServer.create(at, 8);
        server.createContext("/metrics", exchange -> {
            byte[] body = render(telemetry.snapshot()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(null);
        server.start();
        return new TelemetryEndpoint(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code name{label="value"} 42}, one series a line. */
    static String render(Map<String, Long> snapshot) {
        StringBuilder b = new StringBuilder();
        snapshot.forEach((series, value) -> b.append(series).append(' ').append(value).append('\n'));
        return b.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
