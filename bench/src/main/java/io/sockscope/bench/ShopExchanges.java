package io.sockscope.bench;

import io.sockscope.bpf.Role;
import io.sockscope.receiver.Endpoint;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.HttpDetails;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.receiver.Protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * HTTP/1.1 exchanges as the receiver hands them on from a small shop on one host, for benchmarks of
 * what comes after the receiver. Six processes, each with the {@link ProcessInfo} the {@code /proc}
 * resolver gives (one instance per process, as its cache does):
 * <ul>
 *   <li>nginx: SERVER on 10.0.0.5:8080 for browsers and kube-probe (pages, static files, product
 *       API with queries, 304/404/502), and CLIENT when it proxies to {@code orders};</li>
 *   <li>orders (gunicorn, {@code OTEL_SERVICE_NAME}): SERVER on 10.0.0.7:8000, called with a
 *       {@code traceparent} by checkout;</li>
 *   <li>checkout (java, {@code OTEL_RESOURCE_ATTRIBUTES}): SERVER on 10.0.0.6:8080, CLIENT of
 *       orders and of payments over IPv6, always with {@code traceparent} and sometimes
 *       {@code tracestate};</li>
 *   <li>payments (node): SERVER on [fd00::12]:9090;</li>
 *   <li>curl from a cron health check: CLIENT of nginx.</li>
 * </ul>
 * About 1% of exchanges time out and 0.5% lose their connection before the response. The sequence is
 * the same for a given seed.
 */
final class ShopExchanges {
    private static final long EPOCH_NANOS = 1_750_000_000_000_000_000L;
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36";
    private static final String[] STATIC = {"/static/js/app.3f2a1c9e.js", "/static/css/main.8d1e4b.css",
            "/static/img/logo.svg", "/favicon.ico"};

    static final ProcessInfo NGINX = new ProcessInfo(1812, 51_234, "nginx", "/usr/sbin/nginx",
            "nginx: worker process", "www-data", null, null);
    static final ProcessInfo ORDERS = new ProcessInfo(2044, 51_880, "python3.11", "/usr/bin/python3.11",
            "/srv/orders/venv/bin/python3.11 /srv/orders/venv/bin/gunicorn -w 4 -b 0.0.0.0:8000 orders.wsgi:app",
            "orders", "orders", null);
    static final ProcessInfo CHECKOUT = new ProcessInfo(2290, 52_017, "java", "/usr/lib/jvm/java-21-openjdk-amd64/bin/java",
            "java -Xmx512m -XX:+UseG1GC -jar /srv/checkout/checkout-2.4.1.jar --spring.profiles.active=prod",
            "checkout", null, "service.name=checkout,service.version=2.4.1,deployment.environment.name=prod");
    static final ProcessInfo PAYMENTS = new ProcessInfo(2371, 52_230, "node", "/usr/bin/node",
            "node /srv/payments/server.js", "payments", "payments", null);
    static final ProcessInfo CURL = new ProcessInfo(3001, 90_411, "curl", "/usr/bin/curl",
            "curl -fsS -o /dev/null http://10.0.0.5:8080/healthz", "root", null, null);

    private final Random random;
    private final HexFormat hex = HexFormat.of();
    private final InetAddress nginxIp;
    private final InetAddress checkoutIp;
    private final InetAddress ordersIp;
    private final InetAddress paymentsIp;
    private final InetAddress checkoutIp6;
    private long clock = EPOCH_NANOS;
    private long cookie = 7_000_000;

    private ShopExchanges(long seed) {
        random = new Random(seed);
        try {
            nginxIp = InetAddress.getByName("10.0.0.5");
            checkoutIp = InetAddress.getByName("10.0.0.6");
            ordersIp = InetAddress.getByName("10.0.0.7");
            paymentsIp = InetAddress.getByName("fd00::12");
            checkoutIp6 = InetAddress.getByName("fd00::6");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} exchanges of the mix, in the order a receiver would emit them. */
    static List<Exchange> generate(int count, long seed) {
        ShopExchanges shop = new ShopExchanges(seed);
        List<Exchange> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(shop.next());
        }
        return out;
    }

    private Exchange next() {
        int pick = random.nextInt(100);
        if (pick < 35) {
            return nginxServer();
        } else if (pick < 45) {
            return nginxToOrders();
        } else if (pick < 60) {
            return ordersServer();
        } else if (pick < 68) {
            return checkoutServer();
        } else if (pick < 88) {
            return checkoutClient();
        } else if (pick < 97) {
            return paymentsServer();
        }
        return curlHealth();
    }

    private Exchange nginxServer() {
        Endpoint local = new Endpoint(nginxIp, 8080);
        Endpoint browser = new Endpoint(ipv4(10, 0, 1, 2 + random.nextInt(240)), ephemeral());
        int kind = random.nextInt(20);
        if (kind == 0) {
            return exchange(NGINX, Role.SERVER, local, new Endpoint(ipv4(10, 0, 0, 1), ephemeral()),
                    get("/healthz", "10.0.0.5:8080", "kube-probe/1.31", 200, 2), 80, 150);
        }
        String target;
        int status = 200;
        long body;
        if (kind < 6) {
            target = STATIC[random.nextInt(STATIC.length)];
            status = random.nextInt(4) == 0 ? 304 : 200;
            body = status == 304 ? 0 : 4_000 + random.nextInt(60_000);
        } else if (kind < 12) {
            target = "/api/v1/products?page=" + (1 + random.nextInt(40)) + "&limit=20&sort=price";
            body = 2_000 + random.nextInt(6_000);
        } else if (kind < 18) {
            target = "/api/v1/products/" + (10_000 + random.nextInt(90_000));
            status = random.nextInt(25) == 0 ? 404 : 200;
            body = 600 + random.nextInt(1_500);
        } else {
            target = "/";
            status = random.nextInt(100) == 0 ? 502 : 200;
            body = 14_000 + random.nextInt(2_000);
        }
        return exchange(NGINX, Role.SERVER, local, browser,
                http("GET", target, "shop.example.com", BROWSER, status, 0, body, null, null), 450, 250 + body);
    }

    private Exchange nginxToOrders() {
        String target = "/orders/" + (500_000 + random.nextInt(100_000)) + "?include=items";
        return exchange(NGINX, Role.CLIENT, new Endpoint(nginxIp, ephemeral()), new Endpoint(ordersIp, 8000),
                http("GET", target, "orders:8000", null, 200, 0, 900 + random.nextInt(800), null, null), 180, 1_300);
    }

    private Exchange ordersServer() {
        boolean create = random.nextInt(3) == 0;
        int status = random.nextInt(200) == 0 ? 500 : create ? 201 : 200;
        String target = create ? "/orders" : "/orders/" + (500_000 + random.nextInt(100_000)) + "?include=items";
        boolean fromCheckout = create || random.nextBoolean();
        Endpoint peer = fromCheckout ? new Endpoint(checkoutIp, ephemeral()) : new Endpoint(nginxIp, ephemeral());
        return exchange(ORDERS, Role.SERVER, new Endpoint(ordersIp, 8000), peer,
                http(create ? "POST" : "GET", target, "orders:8000", fromCheckout ? "Java-http-client/21.0.3" : null,
                        status, create ? 420 : 0, 900 + random.nextInt(800), fromCheckout ? traceparent() : null, null),
                create ? 700 : 200, 1_200);
    }

    private Exchange checkoutServer() {
        int status = random.nextInt(100) == 0 ? 503 : 200;
        return exchange(CHECKOUT, Role.SERVER, new Endpoint(checkoutIp, 8080), new Endpoint(nginxIp, ephemeral()),
                http("POST", "/api/checkout", "checkout.shop.svc.cluster.local:8080", BROWSER, status, 1_100, 350,
                        traceparent(), null), 1_600, 600);
    }

    private Exchange checkoutClient() {
        if (random.nextInt(3) == 0) {
            String target = "/v1/charges?idempotency_key=" + hex.toHexDigits(random.nextLong()) + "&api_key=sk_live_"
                    + hex.toHexDigits(random.nextLong());
            int status = random.nextInt(50) == 0 ? 402 : 200;
            return exchange(CHECKOUT, Role.CLIENT, new Endpoint(checkoutIp6, ephemeral()), new Endpoint(paymentsIp, 9090),
                    http("POST", target, "[fd00::12]:9090", "Java-http-client/21.0.3", status, 640, 310,
                            traceparent(), "shop=checkout,rojo=00f067aa0ba902b7"), 1_200, 520);
        }
        return exchange(CHECKOUT, Role.CLIENT, new Endpoint(checkoutIp, ephemeral()), new Endpoint(ordersIp, 8000),
                http("POST", "/orders", "orders:8000", "Java-http-client/21.0.3", 201, 420, 1_100, traceparent(), null),
                700, 1_350);
    }

    private Exchange paymentsServer() {
        int status = random.nextInt(50) == 0 ? 402 : random.nextInt(200) == 0 ? 503 : 200;
        String target = "/v1/charges?idempotency_key=" + hex.toHexDigits(random.nextLong()) + "&api_key=sk_live_"
                + hex.toHexDigits(random.nextLong());
        return exchange(PAYMENTS, Role.SERVER, new Endpoint(paymentsIp, 9090), new Endpoint(checkoutIp6, ephemeral()),
                http("POST", target, "[fd00::12]:9090", "Java-http-client/21.0.3", status, 640, 310, traceparent(), null),
                1_200, 520);
    }

    private Exchange curlHealth() {
        return exchange(CURL, Role.CLIENT, new Endpoint(nginxIp, ephemeral()), new Endpoint(nginxIp, 8080),
                get("/healthz", "10.0.0.5:8080", "curl/8.5.0", 200, 2), 90, 160);
    }

    private HttpDetails get(String target, String host, String userAgent, int status, long body) {
        return http("GET", target, host, userAgent, status, 0, body, null, null);
    }

    private static HttpDetails http(String method, String target, String host, String userAgent, int status,
                                     long requestBody, long responseBody, String traceparent, String tracestate) {
        return new HttpDetails(method, target, "1.1", host, userAgent, status, requestBody, responseBody,
                traceparent, tracestate);
    }

    /** The exchange at the next tick of the clock; the outcome and timings are drawn here. */
    private Exchange exchange(ProcessInfo process, Role role, Endpoint local, Endpoint remote, HttpDetails http,
                              long requestBytes, long responseBytes) {
        clock += 20_000 + random.nextInt(60_000);
        long requestStart = clock;
        long requestEnd = requestStart + 5_000 + random.nextInt(40_000);
        int fate = random.nextInt(200);
        Outcome outcome = fate < 2 ? Outcome.TIMEOUT : fate < 3 ? Outcome.CONNECTION_CLOSED : Outcome.COMPLETE;
        long responseStart = 0;
        long responseEnd = 0;
        if (outcome == Outcome.COMPLETE) {
            responseStart = requestEnd + 300_000 + random.nextInt(20_000_000);
            responseEnd = responseStart + 10_000 + random.nextInt(200_000);
        } else {
            http = new HttpDetails(http.method(), http.target(), http.version(), http.host(), http.userAgent(), 0,
                    http.requestBodyBytes(), 0, http.traceparent(), http.tracestate());
            responseBytes = 0;
        }
        return new Exchange(cookie++, role, Protocol.HTTP1, local, remote, 6, process.pid(), process.pid() + 3,
                4_026_532_001L + process.pid(), 4_026_531_840L, process, requestStart, requestEnd, responseStart,
                responseEnd, requestBytes, responseBytes, outcome, http);
    }

    private String traceparent() {
        return "00-" + hex.toHexDigits(random.nextLong() | 1) + hex.toHexDigits(random.nextLong()) + "-"
                + hex.toHexDigits(random.nextLong() | 1) + "-01";
    }

    private int ephemeral() {
        return 32_768 + random.nextInt(28_232);
    }

    private static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
