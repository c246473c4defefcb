package io.sockscope.receiver.l4;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.EventKind;
import io.sockscope.bpf.EventLayout;
import io.sockscope.bpf.KernelEventBuilder;
import io.sockscope.bpf.Role;
import io.sockscope.bpf.TcpState;
import io.sockscope.receiver.process.ProcessResolver;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class L4TrackerTest {
    /** What one report said, copied: the connection view is valid during the call only. */
    record Report(int pid, Role role, int serverPort, long sent, long received, boolean opened, boolean closed, boolean refused,
                  boolean reset, long retransmits, int srtt, long connectNanos) {
    }

    private final List<Report> reports = new ArrayList<>();
    private final L4Tracker tracker = new L4Tracker(c -> reports.add(new Report(c.pid(), c.role(), c.serverPort(), c.bytesSent(),
            c.bytesReceived(), c.opened(), c.closed(), c.refused(), c.reset(), c.retransmits(), c.srttMicros(), c.connectNanos())),
            ProcessResolver.none(), 100, 60_000_000_000L);

    private static KernelEventBuilder event(EventKind kind, long cookie, int pid, long ts) throws Exception {
        return new KernelEventBuilder().kind(kind).cookie(cookie).pid(pid).timestampNanos(ts).protocol(EventLayout.IPPROTO_TCP)
                .local(InetAddress.getByName("127.0.0.1"), 40000).remote(InetAddress.getByName("127.0.0.1"), 8080);
    }

    @Test
    void aClientConnectionReportsBytesLatencyRttAndCloseOnceItsOwnerIsKnown() throws Exception {
        tracker.onEvent(event(EventKind.CONNECT, 1, 42, 1_000).role(Role.CLIENT).states(TcpState.CLOSE, TcpState.SYN_SENT).build());
        // softirq: pid 0, the owner comes from the CONNECT
        tracker.onEvent(event(EventKind.STATE, 1, 0, 51_000).states(TcpState.SYN_SENT, TcpState.ESTABLISHED).srttMicros(30).build());
        tracker.onEvent(event(EventKind.DATA, 1, 42, 60_000).direction(Direction.EGRESS).bytes(100).build());
        tracker.onEvent(event(EventKind.DATA, 1, 42, 70_000).direction(Direction.INGRESS).bytes(1000).build());
        tracker.onEvent(event(EventKind.RETRANSMIT, 1, 0, 80_000).build());
        tracker.flush(90_000);
        assertThat(reports).containsExactly(new Report(42, Role.CLIENT, 8080, 100, 1000, true, false, false, false, 1, 30, 50_000));
        tracker.flush(95_000);
        assertThat(reports).hasSize(1); // nothing new
        tracker.onEvent(event(EventKind.CLOSE, 1, 0, 100_000).states(TcpState.LAST_ACK, TcpState.CLOSE).build());
        assertThat(reports.get(1)).isEqualTo(new Report(42, Role.CLIENT, 8080, 0, 0, false, true, false, false, 0, 0, 0));
        assertThat(tracker.connections()).isZero();
    }

    @Test
    void aResetInSynSentThenCloseIsOneRefusedConnect() throws Exception {
        tracker.onEvent(event(EventKind.CONNECT, 2, 7, 1).states(TcpState.CLOSE, TcpState.SYN_SENT).build());
        tracker.onEvent(event(EventKind.RESET, 2, 0, 2).direction(Direction.INGRESS).states(TcpState.SYN_SENT, TcpState.SYN_SENT).build());
        tracker.onEvent(event(EventKind.CLOSE, 2, 0, 3).states(TcpState.SYN_SENT, TcpState.CLOSE).build());
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.refused()).isTrue();
            assertThat(r.opened()).isFalse();
            assertThat(r.closed()).isFalse();
            assertThat(r.reset()).isFalse();
            assertThat(r.pid()).isEqualTo(7);
        });
    }

    @Test
    void aServerConnectionWaitsForItsOwnerAndCountsAResetOnce() throws Exception {
        tracker.onEvent(event(EventKind.ACCEPT, 3, 0, 1).role(Role.SERVER).states(TcpState.SYN_RECV, TcpState.ESTABLISHED).build());
        tracker.flush(2);
        assertThat(reports).isEmpty(); // owner unknown yet
        tracker.onEvent(event(EventKind.DATA, 3, 9, 3).role(Role.SERVER).direction(Direction.INGRESS).bytes(10).build());
        tracker.onEvent(event(EventKind.RESET, 3, 0, 4).states(TcpState.ESTABLISHED, TcpState.ESTABLISHED).build());
        tracker.onEvent(event(EventKind.RESET, 3, 0, 5).states(TcpState.ESTABLISHED, TcpState.ESTABLISHED).build());
        tracker.onEvent(event(EventKind.CLOSE, 3, 0, 6).states(TcpState.ESTABLISHED, TcpState.CLOSE).build());
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.pid()).isEqualTo(9);
            assertThat(r.serverPort()).isEqualTo(40000); // the local port of a server socket
            assertThat(r.opened()).isTrue();
            assertThat(r.reset()).isTrue();
            assertThat(r.closed()).isTrue();
            assertThat(r.received()).isEqualTo(10);
        });
    }

    @Test
    void listenersAndUdpAreNotConnections() throws Exception {
        tracker.onEvent(event(EventKind.STATE, 4, 5, 1).states(TcpState.CLOSE, TcpState.LISTEN).build());
        tracker.onEvent(event(EventKind.DATA, 5, 5, 1).protocol(EventLayout.IPPROTO_UDP).direction(Direction.EGRESS).bytes(5).build());
        tracker.flush(2);
        assertThat(tracker.connections()).isZero();
        assertThat(reports).isEmpty();
    }
}
