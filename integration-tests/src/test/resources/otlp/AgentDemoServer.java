import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny HTTP server on the JDK's com.sun.net.httpserver, run as a single-file program under the
 * OpenTelemetry Java agent: {@code java -javaagent:agent.jar AgentDemoServer.java PORT}. Answers
 * 200 on /hello, 404 elsewhere. Prints "listening on PORT" once it accepts connections.
 */
public class AgentDemoServer {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", AgentDemoServer::handle);
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        boolean hello = exchange.getRequestURI().getPath().equals("/hello");
        byte[] body = (hello ? "hello\n" : "not found\n").getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(hello ? 200 : 404, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
