import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The ground-truth server: JDK com.sun.net.httpserver, run as a single-file program under the
 * OpenTelemetry Java agent ({@code java -javaagent:agent.jar GroundTruthServer.java PORT}), on
 * 127.0.0.1 with a pool of 8 handler threads so concurrent clients are served concurrently.
 * Routes: GET /users/{id} 200, GET /missing 404, GET /boom 500, GET /slow 200 after 50 ms,
 * POST /echo 200 with the request body as the response body; anything else 404.
 * Prints "listening on PORT" once it accepts connections.
 */
public class GroundTruthServer {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", GroundTruthServer::handle);
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] request = exchange.getRequestBody().readAllBytes();
        int status;
        byte[] body;
        if (method.equals("GET") && path.matches("/users/\\d+")) {
            status = 200;
            body = ("{\"id\":" + path.substring("/users/".length()) + "}\n").getBytes(StandardCharsets.UTF_8);
        } else if (method.equals("GET") && path.equals("/boom")) {
            status = 500;
            body = "boom\n".getBytes(StandardCharsets.UTF_8);
        } else if (method.equals("GET") && path.equals("/slow")) {
            sleep(50);
            status = 200;
            body = "slow\n".getBytes(StandardCharsets.UTF_8);
        } else if (method.equals("POST") && path.equals("/echo")) {
            status = 200;
            body = request;
        } else {
            status = 404;
            body = "not found\n".getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
