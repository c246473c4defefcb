package io.sockscope.receiver;

import io.sockscope.bpf.EventKind;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.KernelEventBuilder;
import io.sockscope.bpf.TcpState;
import io.sockscope.receiver.connection.ListeningPorts;
import io.sockscope.receiver.process.ProcessResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The assembler's bookkeeping: bounds, eviction, counters, robustness. */
class ExchangeAssemblerTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void countsEventsExchangesAndConnections() {
        Recorder r = new Recorder();
        Conversation s = Conversation.server(1);
        r.feed(s.accept(), s.recv(GET), s.send(OK), s.close());
        ExchangeAssembler a = r.assembler;
        assertThat(a.eventsIn()).isEqualTo(4);
        assertThat(a.exchangesOut()).isEqualTo(1);
        assertThat(a.connectionsOpened()).isEqualTo(1);
        assertThat(a.connectionsClosed()).isEqualTo(1);
        assertThat(a.connectionsLive()).isZero();
        assertThat(a.connectionsEvicted()).isZero();
        assertThat(a.parseFailures()).isZero();
        assertThat(a.eventFailures()).isZero();
    }

    @Test
    void idleConnectionsAreEvicted() {
        Recorder r = new Recorder();
        Conversation s = Conversation.server(1);
        r.feed(s.accept(), s.recv(GET), s.send(OK));
        long last = s.now();
        r.assembler.onPoll(last + 5 * MINUTE - 2 * Conversation.STEP);
        assertThat(r.assembler.connectionsLive()).isEqualTo(1);
        r.assembler.onPoll(last + 5 * MINUTE);
        assertThat(r.assembler.connectionsLive()).isZero();
        assertThat(r.assembler.connectionsEvictedIdle()).isEqualTo(1);
        assertThat(r.exchanges).hasSize(1);
    }

    @Test
    void aFullTableEvictsTheLeastRecentlyActiveAndFlushesIt() {
        Recorder r = new Recorder(ReceiverSettings.builder().maxConnections(2).build());
        Conversation a = Conversation.server(1);
        Conversation b = Conversation.server(2);
        Conversation c = Conversation.server(3);
        r.feed(a.accept(), b.accept(), a.recv(GET), b.recv(GET));
        r.feed(c.accept());
        assertThat(r.assembler.connectionsLive()).isEqualTo(2);
        assertThat(r.assembler.connectionsEvictedCapacity()).isEqualTo(1);
        // a was least recently active: its pending request went out as timed out.
        assertThat(r.only().connectionId()).isEqualTo(1);
        assertThat(r.only().outcome()).isEqualTo(Outcome.TIMEOUT);
        r.feed(b.send(OK));
        assertThat(r.exchanges).hasSize(2);
    }

    @Test
    void churnNeverGrowsTheTable() {
        Recorder r = new Recorder(ReceiverSettings.builder().maxConnections(1000).build());
        Runtime rt = Runtime.getRuntime();
        for (int i = 1; i <= 200_000; i++) {
            Conversation s = Conversation.server(i).at(i * 10_000L);
            r.feed(s.accept(), s.recv(GET), s.send(OK));
            if (i % 3 != 0) {
                r.feed(s.close()); // a third of the closes are lost
            }
            if (i % 1000 == 0) {
                r.assembler.onPoll(i * 10_000L);
                r.exchanges.clear();
            }
            assertThat(r.assembler.connectionsLive()).isLessThanOrEqualTo(1000);
        }
        assertThat(r.assembler.connectionsEvictedCapacity()).isGreaterThan(60_000);
        assertThat(r.assembler.exchangesOut()).isEqualTo(200_000);
        assertThat(rt.totalMemory() - rt.freeMemory()).isLessThan(1L << 30);
    }

    @Test
    void eventsOfUnknownSocketsAllocateNoConnection() {
        Recorder r = new Recorder();
        Conversation s = Conversation.server(9);
        r.feed(s.close(), s.state(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT), s.eof());
        assertThat(r.assembler.connectionsLive()).isZero();
        assertThat(r.assembler.connectionsOpened()).isZero();
    }

    @Test
    void eventsWithoutCookieOrKindAreIgnored() {
        Recorder r = new Recorder();
        r.feed(new KernelEventBuilder().kind(EventKind.DATA).cookie(0).direction(io.sockscope.bpf.Direction.EGRESS)
                .payload(GET).build());
        r.feed(new KernelEventBuilder().kind(EventKind.UNKNOWN).cookie(5).build());
        assertThat(r.assembler.eventsIgnored()).isEqualTo(2);
        assertThat(r.assembler.connectionsLive()).isZero();
    }

    @Test
    void aThrowingListenerIsCountedAndNothingElseBreaks() {
        List<Exchange> seen = new ArrayList<>();
        ExchangeAssembler a = new ExchangeAssembler(ReceiverSettings.defaults(), x -> {
            seen.add(x);
            if (seen.size() == 1) {
                throw new IllegalStateException("consumer bug");
            }
        }, ProcessResolver.none(), ListeningPorts.none());
        Conversation s = Conversation.server(1);
        for (KernelEvent e : List.of(s.accept(), s.recv(GET), s.send(OK), s.recv(GET), s.send(OK))) {
            a.onEvent(e);
        }
        assertThat(seen).hasSize(2);
        assertThat(a.listenerFailures()).isEqualTo(1);
        assertThat(a.exchangesOut()).isEqualTo(2);
    }

    @Test
    void drainFlushesEverythingPending() {
        Recorder r = new Recorder();
        Conversation a = Conversation.server(1);
        Conversation b = Conversation.client(2);
        r.feed(a.accept(), a.recv(GET), b.connect(), b.send("opaque\n"), b.recv("reply\n"));
        r.assembler.drain();
        assertThat(r.exchanges).extracting(Exchange::outcome).containsExactlyInAnyOrder(Outcome.TIMEOUT, Outcome.COMPLETE);
        assertThat(r.assembler.connectionsLive()).isZero();
    }

    @Test
    void timeoutsFlushOnlyWhatExpired() {
        Recorder r = new Recorder(ReceiverSettings.builder().requestTimeout(Duration.ofSeconds(2)).build());
        Conversation a = Conversation.server(1).at(0);
        Conversation b = Conversation.server(2).at(1_000_000_000L);
        r.feed(a.accept(), a.recv(GET), b.accept(), b.recv(GET));
        r.assembler.onPoll(2_500_000_000L);
        assertThat(r.only().connectionId()).isEqualTo(1);
        r.assembler.onPoll(3_500_000_000L);
        assertThat(r.exchanges).extracting(Exchange::connectionId).containsExactly(1L, 2L);
    }

    @Test
    void exactCountsOverManyKeepAliveConnections() {
        // The shape of the wrk check: N requests over C keep-alive connections, exactly N exchanges.
        Recorder r = new Recorder();
        int connections = 64;
        Conversation[] cs = new Conversation[connections];
        for (int i = 0; i < connections; i++) {
            cs[i] = Conversation.server(100 + i);
            r.feed(cs[i].accept());
        }
        for (int n = 0; n < 10_000; n++) {
            Conversation c = cs[n % connections];
            r.feed(c.recv("GET /" + n + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), c.send(OK));
        }
        for (Conversation c : cs) {
            r.feed(c.close());
        }
        assertThat(r.exchanges).hasSize(10_000);
        assertThat(r.exchanges).allMatch(x -> x.outcome() == Outcome.COMPLETE);
        assertThat(r.exchanges.stream().map(x -> Recorder.http(x).target()).distinct().count()).isEqualTo(10_000);
    }

    @Test
    void settingsAreValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReceiverSettings.builder().maxConnections(0).build())
                .hasMessageContaining("maxConnections");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReceiverSettings.builder()
                .requestTimeout(Duration.ZERO).build()).hasMessageContaining("requestTimeout");
        ReceiverSettings d = ReceiverSettings.defaults();
        assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.maxConnections()).isEqualTo(65536);
        assertThat(d.protocols()).containsExactly(Protocol.HTTP1);
        assertThat(d.toBuilder().build()).isEqualTo(d);
    }

    @Test
    void withNoProtocolEnabledHttpIsPairedByDirection() {
        Recorder r = new Recorder(ReceiverSettings.builder().protocols(java.util.Set.of()).build());
        Conversation s = Conversation.server(1);
        r.feed(s.accept(), s.recv(GET), s.send(OK), s.close());
        assertThat(r.only().protocol()).isEqualTo(Protocol.UNKNOWN);
    }
}
