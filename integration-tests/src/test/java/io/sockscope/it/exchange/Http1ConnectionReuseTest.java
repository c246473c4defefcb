package io.sockscope.it.exchange;

import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.sockscope.it.exchange.LiveExchanges.describe;
import static io.sockscope.it.exchange.LiveExchanges.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several requests on one connection, seen from both ends with the real probes and assembler: one
 * after the other (keep-alive, curl) and all written at once (pipelining, a raw socket). Every request
 * must come out once, paired with its own response, in order.
 */
@Timeout(60)
class Http1ConnectionReuseTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void curlReusesOneConnectionForThreeUrls(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        try (Nginx nginx = Nginx.start(dir, port, """
                location = /a { return 200 "alpha\\n"; }
                location = /b { return 404; }
                location = /c { return 201 "created\\n"; }
                """);
             LiveExchanges live = LiveExchanges.on(port)) {
            String out = ExternalProcess.run(T, "curl", "-sS", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null",
                    "-w", "%{http_code} %{num_connects}\\n", base + "/a", base + "/b", base + "/c");
            // curl itself says it connected once and reused the connection twice
            assertThat(out.lines().toList()).containsExactly("200 1", "404 0", "201 0");

            live.await(6, T);
            List<Exchange> clients = live.clients();
            List<Exchange> servers = live.servers();
            String all = describe(live.all()) + live.counters();

            assertThat(clients).as(all).hasSize(3);
            assertThat(servers).as(all).hasSize(3);
            for (List<Exchange> side : List.of(clients, servers)) {
                assertThat(side).as(all).extracting(Exchange::connectionId).containsOnly(side.getFirst().connectionId());
                assertThat(side).as(all).extracting(Exchange::protocol).containsOnly(Protocol.HTTP1);
                assertThat(side).as(all).extracting(Exchange::outcome).containsOnly(Outcome.COMPLETE);
                assertThat(side).as(all).extracting(x -> http(x).method()).containsOnly("GET");
                assertThat(side).as(all).extracting(x -> http(x).path()).containsExactly("/a", "/b", "/c");
                assertThat(side).as(all).extracting(x -> http(x).statusCode()).containsExactly(200, 404, 201);
                assertInTimeOrder(side);
            }
            assertThat(clients.getFirst().connectionId()).isNotEqualTo(servers.getFirst().connectionId());
            assertThat(servers).extracting(x -> (long) x.pid()).allMatch(nginx.workerPids()::contains);
            assertThat(clients).extracting(x -> x.process().executableName()).containsOnly("curl");
            assertThat(servers).extracting(x -> x.process().executableName()).containsOnly("nginx");
            // the same bytes, counted at both ends
            for (int i = 0; i < 3; i++) {
                assertThat(servers.get(i).requestBytes()).as(all).isEqualTo(clients.get(i).requestBytes());
                assertThat(servers.get(i).responseBytes()).as(all).isEqualTo(clients.get(i).responseBytes());
            }
            assertThat(http(clients.getFirst()).responseBodyBytes()).isEqualTo("alpha\n".length());
            assertThat(http(clients.get(2)).responseBodyBytes()).isEqualTo("created\n".length());
            assertThat(live.probes.lostEvents()).isZero();
        }
    }

    @Test
    void threePipelinedRequestsInOneWriteArePairedInOrder(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        try (Nginx nginx = Nginx.start(dir, port, """
                location = /1 { return 200 "one\\n"; }
                location = /3 { return 200 "three\\n"; }
                """);
             LiveExchanges live = LiveExchanges.on(port)) {
            Path client = Scripts.copy("pipelined_client.py", dir);
            String out = ExternalProcess.run(T, "python3", client.toString(), "127.0.0.1", String.valueOf(port));
            // the client's own view: one send of three requests, three responses back, in order
            List<String> lines = out.lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.subList(1, 4)).containsExactly("200", "404", "200");
            long sent = Long.parseLong(lines.getFirst().substring("sent ".length()));

            live.await(6, T);
            List<Exchange> servers = live.servers();
            List<Exchange> clients = live.clients();
            String all = describe(live.all()) + live.counters();

            assertThat(servers).as(all).hasSize(3);
            assertThat(servers).as(all).extracting(Exchange::connectionId).containsOnly(servers.getFirst().connectionId());
            assertThat(servers).as(all).extracting(Exchange::protocol).containsOnly(Protocol.HTTP1);
            assertThat(servers).as(all).extracting(x -> http(x).path()).containsExactly("/1", "/2", "/3");
            assertThat(servers).as(all).extracting(x -> http(x).statusCode()).containsExactly(200, 404, 200);
            assertThat(servers).as(all).extracting(Exchange::outcome).containsOnly(Outcome.COMPLETE);
            assertThat(servers).extracting(x -> (long) x.pid()).allMatch(nginx.workerPids()::contains);
            assertInTimeOrder(servers);

            // the client that wrote them at once pairs them the same way
            assertThat(clients).as(all).hasSize(3);
            assertThat(clients).as(all).extracting(x -> http(x).path()).containsExactly("/1", "/2", "/3");
            assertThat(clients).as(all).extracting(x -> http(x).statusCode()).containsExactly(200, 404, 200);
            assertThat(clients).as(all).extracting(Exchange::outcome).containsOnly(Outcome.COMPLETE);
            long requestTotal = clients.stream().mapToLong(Exchange::requestBytes).sum();
            assertThat(requestTotal).as(all).isEqualTo(sent);
            assertThat(servers.stream().mapToLong(Exchange::requestBytes).sum()).as(all).isEqualTo(requestTotal);
            assertThat(nginx.accessLog()).hasSize(3);
            assertThat(live.probes.lostEvents()).isZero();
        }
    }

    /** Requests start in order, and each response starts after its request started. */
    static void assertInTimeOrder(List<Exchange> side) {
        for (int i = 0; i < side.size(); i++) {
            Exchange x = side.get(i);
            assertThat(x.requestEndNanos()).as(describe(x)).isGreaterThanOrEqualTo(x.requestStartNanos());
            assertThat(x.responseStartNanos()).as(describe(x)).isGreaterThanOrEqualTo(x.requestStartNanos());
            assertThat(x.responseEndNanos()).as(describe(x)).isGreaterThanOrEqualTo(x.responseStartNanos());
            if (i > 0) {
                assertThat(x.requestStartNanos()).as(describe(side)).isGreaterThanOrEqualTo(side.get(i - 1).requestStartNanos());
                assertThat(x.responseStartNanos()).as(describe(side)).isGreaterThanOrEqualTo(side.get(i - 1).responseEndNanos());
            }
        }
    }
}
