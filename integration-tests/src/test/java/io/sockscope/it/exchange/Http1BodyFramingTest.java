package io.sockscope.it.exchange;

import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static io.sockscope.it.exchange.LiveExchanges.describe;
import static io.sockscope.it.exchange.LiveExchanges.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies whose end only the HTTP framing tells, against real servers: a chunked response (python3),
 * and an upload that waits for {@code 100 Continue} (curl and nginx). A request on the same
 * connection afterwards proves the body was skipped exactly.
 */
@Timeout(60)
class Http1BodyFramingTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void chunkedResponseThenAnotherRequestOnTheSameConnection(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        Path sent = dir.resolve("sent.log");
        String base = "http://127.0.0.1:" + port;
        try (ExternalProcess server = ExternalProcess.start(List.of("python3",
                Scripts.copy("chunked_server.py", dir).toString(), String.valueOf(port), sent.toString()))
                .awaitPort("127.0.0.1", port);
             LiveExchanges live = LiveExchanges.on(port)) {
            String out = ExternalProcess.run(T, "curl", "-sS", "-o", dir.resolve("body").toString(), "-o", "/dev/null",
                    "-w", "%{http_code} %{num_connects}\\n", base + "/chunked", base + "/after");
            assertThat(out.lines().toList()).containsExactly("200 1", "201 0");
            String body = Files.readString(dir.resolve("body"), StandardCharsets.ISO_8859_1);
            assertThat(body).startsWith("HTTP/1.1 500 Fake").endsWith("tail\n").hasSize(40 + 10_000 + 5);
            // what the server wrote for each response: "<path> <status> <bytes>"
            List<String[]> wrote = Files.readAllLines(sent).stream().map(l -> l.split(" ")).toList();
            assertThat(wrote).extracting(w -> w[0]).containsExactly("/chunked", "/after");

            live.await(4, T);
            List<Exchange> servers = live.servers();
            List<Exchange> clients = live.clients();
            String all = describe(live.all()) + live.counters();

            for (List<Exchange> side : List.of(servers, clients)) {
                assertThat(side).as(all).hasSize(2);
                assertThat(side).as(all).extracting(Exchange::connectionId).containsOnly(side.getFirst().connectionId());
                assertThat(side).as(all).extracting(Exchange::protocol).containsOnly(Protocol.HTTP1);
                assertThat(side).as(all).extracting(x -> http(x).path()).containsExactly("/chunked", "/after");
                // 500 is inside the chunked body: a parser that lost the framing would report it
                assertThat(side).as(all).extracting(x -> http(x).statusCode()).containsExactly(200, 201);
                assertThat(side).as(all).extracting(Exchange::outcome).containsOnly(Outcome.COMPLETE);
                assertThat(side).as(all).extracting(Exchange::responseBytes)
                        .containsExactly(Long.parseLong(wrote.get(0)[2]), Long.parseLong(wrote.get(1)[2]));
                Http1ConnectionReuseTest.assertInTimeOrder(side);
            }
            assertThat(servers).extracting(Exchange::pid).containsOnly((int) server.pid());
            for (int i = 0; i < 2; i++) {
                assertThat(servers.get(i).requestBytes()).as(all).isEqualTo(clients.get(i).requestBytes());
            }
            assertThat(live.assembler.parseFailures()).isZero();
            assertThat(live.assembler.orphanResponses()).isZero();
            assertThat(live.probes.lostEvents()).isZero();
        }
    }

    @Test
    void uploadWithExpectContinueReportsTheFinalStatus(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        Path upload = dir.resolve("upload.bin");
        byte[] content = new byte[2 << 20];
        new Random(11).nextBytes(content);
        Files.write(upload, content);
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), port, """
                location /up/ { dav_methods PUT; client_max_body_size 16m; }
                location = /after { return 200 "after\\n"; }
                """);
             LiveExchanges live = LiveExchanges.on(port)) {
            Files.createDirectories(nginx.root.resolve("up"));
            String out = ExternalProcess.run(T, "curl", "-sS", "-v", "-T", upload.toString(), "-H", "Expect: 100-continue",
                    "-o", "/dev/null", "-w", "status %{http_code} %{num_connects}\\n", base + "/up/upload.bin",
                    "--next", "-sS", "-o", "/dev/null", "-w", "status %{http_code} %{num_connects}\\n", base + "/after");
            // nginx really answered 100 first, then the final status; one connection for both requests
            assertThat(out).contains("< HTTP/1.1 100 Continue");
            assertThat(out.lines().filter(l -> l.startsWith("status ")).toList())
                    .containsExactly("status 201 1", "status 200 0");
            assertThat(Files.size(nginx.root.resolve("up/upload.bin"))).isEqualTo(content.length);

            live.await(4, T);
            List<Exchange> servers = live.servers();
            List<Exchange> clients = live.clients();
            String all = describe(live.all()) + live.counters();

            for (List<Exchange> side : List.of(servers, clients)) {
                assertThat(side).as(all).hasSize(2);
                assertThat(side).as(all).extracting(Exchange::connectionId).containsOnly(side.getFirst().connectionId());
                assertThat(side).as(all).extracting(Exchange::protocol).containsOnly(Protocol.HTTP1);
                assertThat(side).as(all).extracting(x -> http(x).method()).containsExactly("PUT", "GET");
                assertThat(side).as(all).extracting(x -> http(x).path()).containsExactly("/up/upload.bin", "/after");
                assertThat(side).as(all).extracting(x -> http(x).statusCode()).containsExactly(201, 200);
                assertThat(side).as(all).extracting(Exchange::outcome).containsOnly(Outcome.COMPLETE);
                assertThat(http(side.getFirst()).requestBodyBytes()).as(all).isEqualTo(content.length);
                assertThat(side.getFirst().requestBytes()).as(all).isGreaterThan(content.length);
                Http1ConnectionReuseTest.assertInTimeOrder(side);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(servers.get(i).requestBytes()).as(all).isEqualTo(clients.get(i).requestBytes());
                assertThat(servers.get(i).responseBytes()).as(all).isEqualTo(clients.get(i).responseBytes());
            }
            assertThat(servers).extracting(x -> (long) x.pid()).allMatch(nginx.workerPids()::contains);
            assertThat(live.assembler.parseFailures()).isZero();
            assertThat(live.probes.lostEvents()).isZero();
        }
    }
}
