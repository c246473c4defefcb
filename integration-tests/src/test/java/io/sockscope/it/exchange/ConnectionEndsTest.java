package io.sockscope.it.exchange;

import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.bpf.testing.NetNs;
import io.sockscope.receiver.Endpoint;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.sockscope.it.exchange.LiveExchanges.describe;
import static io.sockscope.it.exchange.LiveExchanges.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the two ends of a request are: a server in its own network namespace reached over a veth pair,
 * and a client and a server on one host, whose exchanges of the same request mirror one 4-tuple (the
 * key that joins a client span to its server span).
 */
@Timeout(60)
class ConnectionEndsTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void serverInItsOwnNetworkNamespaceOverVeth(@TempDir Path dir) throws Exception {
        long id = ProcessHandle.current().pid() % 100000;
        String hostAddr = "10.213.9.1";
        String nsAddr = "10.213.9.2";
        int port = ExternalProcess.freePort();
        Files.writeString(dir.resolve("ns.txt"), "inside\n");
        try (NetNs netns = NetNs.create("sockscope-x" + id, "ssx" + id, hostAddr, nsAddr);
             ExternalProcess server = ExternalProcess.start(List.of("ip", "netns", "exec", "sockscope-x" + id,
                     "python3", "-m", "http.server", String.valueOf(port), "--bind", nsAddr, "--directory", dir.toString()))
                     .awaitPort(nsAddr, port);
             LiveExchanges live = LiveExchanges.on(port)) {
            String url = "http://" + nsAddr + ":" + port + "/ns.txt";
            assertThat(ExternalProcess.run(T, "curl", "-sS", url)).isEqualTo("inside\n");

            live.await(2, T);
            Exchange client = only(live.clients(), live);
            Exchange srv = only(live.servers(), live);
            String all = describe(live.all()) + live.counters();

            assertThat(srv.pid()).as(all).isEqualTo((int) server.pid());
            assertThat(srv.netns()).as(all).isEqualTo(netns.inode());
            assertThat(client.netns()).as(all).isEqualTo(hostNetns()).isNotEqualTo(srv.netns());
            assertThat(client.local().address()).as(all).isEqualTo(InetAddress.getByName(hostAddr));
            assertThat(client.remote()).as(all).isEqualTo(new Endpoint(InetAddress.getByName(nsAddr), port));
            assertThat(srv.local()).as(all).isEqualTo(new Endpoint(InetAddress.getByName(nsAddr), port));
            assertThat(srv.remote()).as(all).isEqualTo(client.local());
            for (Exchange x : List.of(client, srv)) {
                assertThat(http(x).path()).as(all).isEqualTo("/ns.txt");
                assertThat(http(x).statusCode()).as(all).isEqualTo(200);
                assertThat(x.outcome()).as(all).isEqualTo(Outcome.COMPLETE);
            }
            assertThat(srv.requestBytes()).isEqualTo(client.requestBytes());
            assertThat(srv.responseBytes()).isEqualTo(client.responseBytes());
            assertThat(live.probes.lostEvents()).isZero();
        }
    }

    @Test
    void bothEndsOnOneHostMirrorTheFourTuple(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        try (Nginx nginx = Nginx.start(dir, List.of("127.0.0.1:" + port, "[::1]:" + port), "127.0.0.1", port, """
                location = /x { return 200 "x\\n"; }
                location = /y { return 202 "y\\n"; }
                location = /z { return 200 "z\\n"; }
                """);
             LiveExchanges live = LiveExchanges.on(port)) {
            // three connections: two over IPv4, one over IPv6, each from its own ephemeral port
            assertThat(ExternalProcess.run(T, "curl", "-sS", "http://127.0.0.1:" + port + "/x")).isEqualTo("x\n");
            assertThat(ExternalProcess.run(T, "curl", "-sS", "http://127.0.0.1:" + port + "/y")).isEqualTo("y\n");
            assertThat(ExternalProcess.run(T, "curl", "-sS", "http://[::1]:" + port + "/z")).isEqualTo("z\n");

            live.await(6, T);
            List<Exchange> clients = live.clients();
            List<Exchange> servers = live.servers();
            String all = describe(live.all()) + live.counters();
            assertThat(clients).as(all).hasSize(3);
            assertThat(servers).as(all).hasSize(3);

            for (Exchange c : clients) {
                // the server's exchange of this request is found by the mirrored 4-tuple alone
                List<Exchange> mirrored = servers.stream()
                        .filter(s -> s.local().equals(c.remote()) && s.remote().equals(c.local()))
                        .toList();
                assertThat(mirrored).as(describe(c) + " among" + all).hasSize(1);
                Exchange s = mirrored.getFirst();
                assertThat(http(s).path()).isEqualTo(http(c).path());
                assertThat(http(s).statusCode()).isEqualTo(http(c).statusCode());
                assertThat(s.connectionId()).isNotEqualTo(c.connectionId());
                assertThat(s.netns()).isEqualTo(c.netns());
                assertThat(s.requestBytes()).isEqualTo(c.requestBytes());
                assertThat(s.responseBytes()).isEqualTo(c.responseBytes());
                assertThat(c.server()).isEqualTo(s.server());
                assertThat(c.client()).isEqualTo(s.client());
                assertThat(nginx.workerPids()).contains((long) s.pid());
            }
            assertThat(clients).extracting(x -> http(x).path()).containsExactly("/x", "/y", "/z");
            assertThat(clients).extracting(x -> http(x).statusCode()).containsExactly(200, 202, 200);
            assertThat(clients).extracting(x -> x.remote().address()).containsExactly(
                    InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
            assertThat(clients).extracting(Exchange::connectionId).doesNotHaveDuplicates();
            assertThat(live.probes.lostEvents()).isZero();
        }
    }

    private static Exchange only(List<Exchange> xs, LiveExchanges live) {
        assertThat(xs).as(describe(live.all()) + live.counters()).hasSize(1);
        return xs.getFirst();
    }

    /** The host's network namespace, where the test and curl run. */
    private static long hostNetns() throws IOException {
        return (Long) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
    }
}
