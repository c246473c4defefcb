package io.sockscope.it.exchange;

import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ProtocolDetails;
import io.sockscope.receiver.ReceiverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.sockscope.it.exchange.LiveExchanges.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A protocol no parser knows (a plain TCP echo service, python3 at both ends): exchanges come from
 * the direction of the bytes alone (Liu et al.), one per message and its echo, on both ends.
 */
@Timeout(60)
class OpaquePairingLiveTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void echoServiceIsPairedByDirection(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        String first = "ping 1\n";
        String second = "ping 2, a longer one\n";
        ReceiverSettings settings = ReceiverSettings.builder()
                .requestTimeout(Duration.ofSeconds(3))
                .responseQuietTime(Duration.ofMillis(300))
                .build();
        try (ExternalProcess server = ExternalProcess.start(List.of("python3",
                Scripts.copy("echo_server.py", dir).toString(), String.valueOf(port))).awaitPort("127.0.0.1", port);
             LiveExchanges live = LiveExchanges.on(port, settings)) {
            String out = ExternalProcess.run(T, "python3", Scripts.copy("echo_client.py", dir).toString(), "127.0.0.1",
                    String.valueOf(port), first, second);
            assertThat(out.lines().toList()).containsExactly("'ping 1\\n'", "'ping 2, a longer one\\n'");

            live.await(4, T);
            List<Exchange> clients = live.clients();
            List<Exchange> servers = live.servers();
            String all = describe(live.all()) + live.counters();

            for (List<Exchange> side : List.of(clients, servers)) {
                assertThat(side).as(all).hasSize(2);
                assertThat(side).as(all).extracting(Exchange::connectionId).containsOnly(side.getFirst().connectionId());
                assertThat(side).as(all).extracting(Exchange::protocol).containsOnly(Protocol.UNKNOWN);
                assertThat(side).as(all).extracting(Exchange::details).containsOnly(ProtocolDetails.OPAQUE);
                assertThat(side).as(all).extracting(Exchange::outcome).containsOnly(Outcome.COMPLETE);
                assertThat(side).as(all).extracting(Exchange::requestBytes)
                        .containsExactly((long) first.length(), (long) second.length());
                assertThat(side).as(all).extracting(Exchange::responseBytes)
                        .containsExactly((long) first.length(), (long) second.length());
                Http1ConnectionReuseTest.assertInTimeOrder(side);
            }
            assertThat(servers).extracting(Exchange::pid).containsOnly((int) server.pid());
            assertThat(clients.getFirst().connectionId()).isNotEqualTo(servers.getFirst().connectionId());
            assertThat(clients.getFirst().remote().port()).isEqualTo(port);
            assertThat(servers.getFirst().local().port()).isEqualTo(port);
            assertThat(live.assembler.orphanResponses()).isZero();
            assertThat(live.probes.lostEvents()).isZero();
        }
    }
}
