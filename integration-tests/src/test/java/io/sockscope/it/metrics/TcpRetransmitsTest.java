package io.sockscope.it.metrics;

import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.bpf.testing.NetNs;
import io.sockscope.semconv.metrics.L4Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sockscope.tcp.retransmits} from the kernel: python3's http.server in a network namespace
 * of the test's own sends a 1 MiB file to curl on the host over a veth link whose namespace end has
 * a {@code tbf} qdisc with a tiny burst, which drops segments (netem is not available here), so the
 * server retransmits. The namespace's own {@code TcpRetransSegs} proves the drops happened and bounds
 * the count. The same download over loopback (a second namespace's, so its counter is exact) shows
 * no more retransmits than the kernel made there, which is none, so the metric is not noise.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TcpRetransmitsTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final Pattern RETRANS_SEGS = Pattern.compile("(?m)^TcpRetransSegs\\s+(\\d+)");
    private static final int FILE_BYTES = 1 << 20;

    @Test
    void aServerBehindARateLimitedVethLinkRetransmits(@TempDir Path dir) throws Exception {
        long id = ProcessHandle.current().pid() % 100000;
        String ns = "ssrtx" + id;
        String hostAddr = "10.213.21.1";
        String nsAddr = "10.213.21.2";
        int port = ExternalProcess.freePort();
        Path www = www(dir);
        try (NetNs netns = NetNs.create(ns, "ssrt" + id, hostAddr, nsAddr);
             ExternalProcess server = ExternalProcess.start(List.of("ip", "netns", "exec", ns, "python3", "-m", "http.server",
                     String.valueOf(port), "--bind", nsAddr, "--directory", www.toString())).awaitPort(nsAddr, port);
             LiveMetrics metrics = new LiveMetrics(List.of(port))) {
            try {
                // On the server's egress: 2 Mbit/s, a 4 KiB bucket and 20 ms of queue drop parts of its bursts.
                ExternalProcess.run(T, "ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "eth0", "root", "tbf",
                        "rate", "2mbit", "burst", "4kb", "latency", "20ms");
                long before = retransSegs(ns);
                assertThat(download("http://" + nsAddr + ":" + port + "/big.bin")).isEqualTo("200 " + FILE_BYTES);
                long inKernel = retransSegs(ns) - before; // the namespace's counter: only this server sends there
                assertThat(inKernel).as("the tbf qdisc made the server retransmit (TcpRetransSegs in %s)", ns).isPositive();

                String p = Integer.toString(port);
                Predicate<LiveMetrics.Point> serverToHost = pt -> p.equals(pt.attr("server.port"))
                        && "server".equals(pt.attr(L4Metrics.ROLE)) && hostAddr.equals(pt.attr("network.peer.address"))
                        && pt.resourceAttr("process.executable.name").startsWith("python");
                long seen = metrics.awaitTotal(L4Metrics.RETRANSMITS_NAME, serverToHost, inKernel, Duration.ofSeconds(5));
                // One tracepoint hit per retransmitted skb; the kernel counts segments, a GSO skb may hold several.
                assertThat(seen).as("retransmits of python3 to %s (kernel counted %d segments): %s", hostAddr, inKernel,
                        metrics.series(L4Metrics.RETRANSMITS_NAME, pt -> true)).isPositive().isLessThanOrEqualTo(inKernel);
                assertThat(metrics.total(L4Metrics.RETRANSMITS_NAME, pt -> p.equals(pt.attr("server.port"))
                        && "client".equals(pt.attr(L4Metrics.ROLE)))).as("curl only acknowledges").isZero();
            } finally {
                try {
                    ExternalProcess.run(T, "ip", "netns", "exec", ns, "tc", "qdisc", "del", "dev", "eth0", "root");
                } catch (IOException ignored) {
                    // never added; the namespace goes next anyway
                }
            }
        }
        assertThat(ExternalProcess.run(T, "ip", "netns", "list")).doesNotContain(ns);
    }

    @Test
    void theSameDownloadOverLoopbackRetransmitsNothing(@TempDir Path dir) throws Exception {
        // Loopback of a namespace of our own, so its TcpRetransSegs counts this traffic only.
        long id = ProcessHandle.current().pid() % 100000;
        String ns = "sslo" + id;
        int port = ExternalProcess.freePort();
        Path www = www(dir);
        try (NetNs netns = NetNs.create(ns, "sslo" + id, "10.213.22.1", "10.213.22.2");
             ExternalProcess server = ExternalProcess.start(List.of("ip", "netns", "exec", ns, "python3", "-m", "http.server",
                     String.valueOf(port), "--bind", "127.0.0.1", "--directory", www.toString()));
             LiveMetrics metrics = new LiveMetrics(List.of(port))) {
            awaitListening(ns, port);
            long before = retransSegs(ns);
            for (int i = 0; i < 3; i++) {
                assertThat(ExternalProcess.run(Duration.ofSeconds(40), "ip", "netns", "exec", ns, "curl", "-sS", "--max-time", "30",
                        "-o", "/dev/null", "-w", "%{http_code} %{size_download}", "http://127.0.0.1:" + port + "/big.bin"))
                        .isEqualTo("200 " + FILE_BYTES);
            }
            long inKernel = retransSegs(ns) - before;
            String p = Integer.toString(port);
            // Seen: every connection closed on both sides, and every byte the server sent.
            assertThat(metrics.awaitTotal(L4Metrics.CLOSED_NAME, pt -> p.equals(pt.attr("server.port"))
                    && "client".equals(pt.attr(L4Metrics.ROLE)), 3, Duration.ofSeconds(10))).isEqualTo(3);
            assertThat(metrics.awaitTotal(L4Metrics.CLOSED_NAME, pt -> p.equals(pt.attr("server.port"))
                    && "server".equals(pt.attr(L4Metrics.ROLE)), 3, Duration.ofSeconds(10))).isEqualTo(3);
            assertThat(metrics.total(L4Metrics.IO_NAME, pt -> p.equals(pt.attr("server.port"))
                    && "server".equals(pt.attr(L4Metrics.ROLE)) && "transmit".equals(pt.attr("network.io.direction"))))
                    .as("%s", metrics.series(L4Metrics.IO_NAME, pt -> true)).isGreaterThanOrEqualTo(3L * FILE_BYTES);
            // Nothing when the kernel retransmitted nothing (nearly always, on loopback), never more than it did.
            long seen = metrics.total(L4Metrics.RETRANSMITS_NAME, pt -> p.equals(pt.attr("server.port")));
            assertThat(seen).as("retransmits on loopback: sockscope %s, TcpRetransSegs in %s %d", metrics.series(
                    L4Metrics.RETRANSMITS_NAME, pt -> true), ns, inKernel).isLessThanOrEqualTo(inKernel);
        }
        assertThat(ExternalProcess.run(T, "ip", "netns", "list")).doesNotContain(ns);
    }

    /** Waits until the namespace has a listener on 127.0.0.1:port (bounded). */
    private static void awaitListening(String ns, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ExternalProcess.run(T, "ip", "netns", "exec", ns, "ss", "-Htln", "sport = :" + port).contains("127.0.0.1:" + port)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("nothing listens on 127.0.0.1:" + port + " in " + ns);
            }
            Thread.sleep(50);
        }
    }

    private static Path www(Path dir) throws IOException {
        Path www = Files.createDirectories(dir.resolve("www"));
        byte[] data = new byte[FILE_BYTES];
        new Random(42).nextBytes(data); // incompressible, whatever the path does
        Files.write(www.resolve("big.bin"), data);
        return www;
    }

    /** curl's status code and bytes received, bounded in time. */
    private static String download(String url) throws IOException, InterruptedException {
        return ExternalProcess.run(Duration.ofSeconds(40), "curl", "-sS", "--max-time", "30", "-o", "/dev/null",
                "-w", "%{http_code} %{size_download}", url);
    }

    private static long retransSegs(String ns) throws IOException, InterruptedException {
        String out = ExternalProcess.run(T, "ip", "netns", "exec", ns, "nstat", "-asz", "TcpRetransSegs");
        Matcher m = RETRANS_SEGS.matcher(out);
        if (!m.find()) {
            throw new IOException("no TcpRetransSegs in nstat's output: " + out);
        }
        return Long.parseLong(m.group(1));
    }
}
