import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The bench scenarios' Java HTTP server: the JDK's com.sun.net.httpserver, one virtual thread per
 * request, answering every path with 200 and a 3-byte body after sleeping SLEEP_MS (0: no sleep).
 * Listens on 127.0.0.1 only. {@code java BenchServer PORT [SLEEP_MS]}; prints "listening on PORT".
 * The bench scripts compile it with javac (a source-file launch would compile it again at every start).
 */
public class BenchServer {
    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long sleepMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/", exchange -> handle(exchange, sleepMs));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void handle(HttpExchange exchange, long sleepMs) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
