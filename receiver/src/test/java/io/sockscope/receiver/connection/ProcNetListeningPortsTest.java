package io.sockscope.receiver.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

class ProcNetListeningPortsTest {
    /** As printed by Linux 6.x: nginx on 0.0.0.0:80, sshd on [::]:22, and established sockets. */
    static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31245 1 0000000000000000 100 0 0 10 0
               1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 31246 1 0000000000000000 100 0 0 10 0
               2: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 31999 1 0000000000000000 20 4 30 10 -1
            """;
    static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20112 1 0000000000000000 100 0 0 10 0
            """;

    @Test
    void parsesListeningSocketsOnly() {
        BitSet ports = new BitSet();
        ProcNetListeningPorts.parse(TCP, ports);
        ProcNetListeningPorts.parse(TCP6, ports);
        assertThat(ports.stream().toArray()).containsExactly(22, 80, 8080);
    }

    @Test
    void readsThePidsNamespaceAndRefreshesLazily(@TempDir Path proc) throws IOException {
        Path net = Files.createDirectories(proc.resolve("4242/net"));
        Files.writeString(net.resolve("tcp"), TCP);
        ProcNetListeningPorts ports = new ProcNetListeningPorts(proc, 1_000);
        assertThat(ports.lookup(7, 4242, 8080, 0)).isEqualTo(ListeningPorts.Answer.LISTENING);
        assertThat(ports.lookup(7, 4242, 9090, 10)).isEqualTo(ListeningPorts.Answer.NOT_LISTENING);

        Files.writeString(net.resolve("tcp"), TCP.replace("1F90", "2382")); // now 9090, not 8080
        assertThat(ports.lookup(7, 4242, 9090, 500)).as("cached").isEqualTo(ListeningPorts.Answer.NOT_LISTENING);
        assertThat(ports.lookup(7, 4242, 9090, 2_000)).as("re-read").isEqualTo(ListeningPorts.Answer.LISTENING);
    }

    @Test
    void anUnreadableNamespaceIsUnknown(@TempDir Path proc) {
        ProcNetListeningPorts ports = new ProcNetListeningPorts(proc, 1_000);
        assertThat(ports.lookup(7, 999_999, 80, 0)).isEqualTo(ListeningPorts.Answer.UNKNOWN);
        assertThat(ports.lookup(7, 0, 80, 0)).isEqualTo(ListeningPorts.Answer.UNKNOWN);
    }

    @Test
    void findsARealListeningSocketOfThisJvm() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProcNetListeningPorts ports = new ProcNetListeningPorts(Path.of("/proc"), 1_000_000_000L);
            int pid = (int) ProcessHandle.current().pid();
            assertThat(ports.lookup(1, pid, server.getLocalPort(), 0)).isEqualTo(ListeningPorts.Answer.LISTENING);
            try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = other.getLocalPort();
                other.close();
                assertThat(ports.lookup(1, pid, port, 5_000_000_000L)).isEqualTo(ListeningPorts.Answer.NOT_LISTENING);
            }
        }
    }
}
