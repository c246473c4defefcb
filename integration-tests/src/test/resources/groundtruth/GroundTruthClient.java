import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ground-truth client: a fixed mix of N requests with the JDK HttpClient (HTTP/1.1), run as a
 * single-file program ({@code java GroundTruthClient.java http://127.0.0.1:PORT N}), usually under
 * the OpenTelemetry Java agent so that its client spans exist in-process too. The mix is a function
 * of the request's index only: GET /users/{id}, /missing, /boom, /slow and POST /echo with bodies
 * of 10 B to 200 KB; the first 30% on a fresh connection each (a new client, closed after), the
 * next 30% one after another on one keep-alive connection, the rest from 4 threads sharing a
 * client. Prints one line per request and "done N failures F"; exits 1 when any answer was not
 * the expected one.
 */
public class GroundTruthClient {
    static final int[] ECHO_SIZES = {10, 100, 1_000, 10_000, 65_536, 200_000};
    static final int THREADS = 4;

    record Call(int index, String method, String path, int bodySize, int expectedStatus) {
        static Call of(int i) {
            return switch (i % 8) {
                case 0, 1, 2 -> new Call(i, "GET", "/users/" + (1000 + i), 0, 200);
                case 3 -> new Call(i, "GET", "/missing", 0, 404);
                case 4 -> new Call(i, "GET", "/boom", 0, 500);
                case 5 -> new Call(i, "GET", "/slow", 0, 200);
                default -> new Call(i, "POST", "/echo", ECHO_SIZES[(i / 8 + i % 8) % ECHO_SIZES.length], 200);
            };
        }

        byte[] body() {
            byte[] b = new byte[bodySize];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) ('a' + (k + index) % 26);
            }
            return b;
        }
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int n = Integer.parseInt(args[1]);
        int fresh = n * 3 / 10;
        int sequential = n * 6 / 10;
        int failures = 0;
        for (int i = 0; i < fresh; i++) {
            try (HttpClient client = newClient()) {
                failures += send(client, base, Call.of(i));
            }
        }
        try (HttpClient client = newClient()) {
            for (int i = fresh; i < sequential; i++) {
                failures += send(client, base, Call.of(i));
            }
        }
        try (HttpClient client = newClient(); ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = sequential + t;
                results.add(pool.submit(() -> {
                    int failed = 0;
                    for (int i = first; i < n; i += THREADS) {
                        failed += send(client, base, Call.of(i));
                    }
                    return failed;
                }));
            }
            for (Future<Integer> r : results) {
                failures += r.get();
            }
        }
        System.out.println("done " + n + " failures " + failures);
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static int send(HttpClient client, URI base, Call call) {
        byte[] body = call.body();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(call.path())).timeout(Duration.ofSeconds(10));
        if (call.method().equals("POST")) {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean ok = response.statusCode() == call.expectedStatus()
                    && (!call.method().equals("POST") || Arrays.equals(response.body(), body));
            System.out.println("request " + call.index() + " " + call.method() + " " + call.path() + " " + call.bodySize()
                    + "B -> " + response.statusCode() + (ok ? "" : " UNEXPECTED"));
            return ok ? 0 : 1;
        } catch (Exception e) {
            System.out.println("request " + call.index() + " " + call.method() + " " + call.path() + " FAILED " + e);
            return 1;
        }
    }
}
