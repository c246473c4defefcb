package io.sockscope.pipeline.exporter.otlphttp;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** An OTLP/HTTP backend answering from a script (then 200), recording every request as it came on the wire. */
final class ScriptedHttpBackend implements AutoCloseable {
    record Request(long nanoTime, String path, Headers headers, byte[] body) {
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    ScriptedHttpBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(new Request(System.nanoTime(), exchange.getRequestURI().getPath(), exchange.getRequestHeaders(),
                        exchange.getRequestBody().readAllBytes()));
                Answer a = script.poll();
                if (a == null) {
                    a = new Answer(200, Map.of(), new byte[0]);
                }
                a.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                if (a.body().length > 0) {
                    exchange.getResponseBody().write(a.body());
                }
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    ScriptedHttpBackend then(int status, Map<String, String> headers, byte[] body) {
        script.add(new Answer(status, headers, body));
        return this;
    }

    ScriptedHttpBackend then(int status) {
        return then(status, Map.of(), new byte[0]);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
