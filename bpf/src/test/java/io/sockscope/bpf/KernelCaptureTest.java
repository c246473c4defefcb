package io.sockscope.bpf;

import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.bpf.testing.LiveCapture;
import io.sockscope.bpf.testing.NetNs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes against this kernel with real programs: curl, python3's http.server, nginx. Runs as
 * root. Each test filters on its own port in the kernel, so other traffic on the host stays out.
 */
class KernelCaptureTest {
    private static final Duration T = Duration.ofSeconds(20);

    private static LiveCapture capture(int port) {
        return new LiveCapture(ProbeOptions.defaults(), new ProbeFilter(Set.of(), Set.of(), Set.of(port)), r -> true);
    }

    private static String text(KernelEventRecord r) {
        return new String(r.payload(), StandardCharsets.ISO_8859_1);
    }

    private static List<KernelEventRecord> data(LiveCapture cap, String comm, Direction dir) {
        return cap.events.stream()
                .filter(e -> e.kind() == EventKind.DATA && e.comm().equals(comm) && e.direction() == dir)
                .toList();
    }

    @Test
    void curlAndPythonHttpServerSeeRequestAndResponseOnBothSides(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        Files.writeString(dir.resolve("hello.txt"), "hello from the server\n");
        try (ExternalProcess server = ExternalProcess.start(List.of("python3", "-m", "http.server", String.valueOf(port),
                "--bind", "127.0.0.1", "--directory", dir.toString())).awaitPort("127.0.0.1", port);
             LiveCapture cap = capture(port)) {
            String body = ExternalProcess.run(T, "curl", "-sS", "http://127.0.0.1:" + port + "/hello.txt");
            assertThat(body).isEqualTo("hello from the server\n");
            cap.settle();

            KernelEventRecord curlSend = data(cap, "curl", Direction.EGRESS).getFirst();
            assertThat(text(curlSend)).startsWith("GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            assertThat(curlSend.role()).isEqualTo(Role.CLIENT);
            assertThat(curlSend.remotePort()).isEqualTo(port);
            assertThat(curlSend.remoteAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(curlSend.bytes()).isEqualTo(curlSend.payload().length);

            List<KernelEventRecord> serverIn = data(cap, "python3", Direction.INGRESS);
            assertThat(serverIn).isNotEmpty();
            KernelEventRecord serverRecv = serverIn.getFirst();
            assertThat(serverRecv.pid()).isEqualTo((int) server.pid());
            assertThat(serverRecv.role()).isEqualTo(Role.SERVER);
            assertThat(text(serverRecv)).isEqualTo(text(curlSend));
            // the same connection seen from both ends: 4-tuples mirror each other
            assertThat(serverRecv.localPort()).isEqualTo(curlSend.remotePort());
            assertThat(serverRecv.remotePort()).isEqualTo(curlSend.localPort());
            assertThat(serverRecv.cookie()).isNotEqualTo(curlSend.cookie());

            String response = String.join("", data(cap, "python3", Direction.EGRESS).stream().map(KernelEventTextOf::text).toList());
            assertThat(response).startsWith("HTTP/1.0 200 OK\r\n").endsWith("\r\n\r\nhello from the server\n");
            String received = String.join("", data(cap, "curl", Direction.INGRESS).stream().map(KernelEventTextOf::text).toList());
            assertThat(received).isEqualTo(response);

            // lifecycle: connect in curl's context, accept for the server socket, close
            assertThat(cap.events).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.CONNECT);
                assertThat(e.comm()).isEqualTo("curl");
                assertThat(e.cookie()).isEqualTo(curlSend.cookie());
            });
            assertThat(cap.events).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.ACCEPT);
                assertThat(e.cookie()).isEqualTo(serverRecv.cookie());
            });
            assertThat(cap.events).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.CLOSE);
                assertThat(e.cookie()).isEqualTo(curlSend.cookie());
                assertThat(e.newState()).isEqualTo(TcpState.CLOSE);
            });
            // the server's close passes the port filter: a closing socket's local port is still known
            assertThat(cap.events).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.CLOSE);
                assertThat(e.cookie()).isEqualTo(serverRecv.cookie());
                assertThat(e.localPort()).isEqualTo(port);
            });
            assertThat(cap.events).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.STATE);
                assertThat(e.oldState()).isEqualTo(TcpState.SYN_SENT);
                assertThat(e.newState()).isEqualTo(TcpState.ESTABLISHED);
            });
            assertThat(cap.probes.lostEvents()).isZero();
        }
    }

    @Test
    void oneMebibyteResponseIsCountedExactly(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        byte[] big = new byte[1 << 20];
        new java.util.Random(7).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        try (ExternalProcess server = ExternalProcess.start(List.of("python3", "-m", "http.server", String.valueOf(port),
                "--bind", "127.0.0.1", "--directory", dir.toString())).awaitPort("127.0.0.1", port);
             LiveCapture cap = capture(port)) {
            String out = ExternalProcess.run(T, "curl", "-sS", "-o", "/dev/null", "-w", "%{size_header} %{size_download}",
                    "http://127.0.0.1:" + port + "/big.bin");
            String[] sizes = out.trim().split(" ");
            long curlReceived = Long.parseLong(sizes[0]) + Long.parseLong(sizes[1]);
            cap.settle();
            long inEvents = data(cap, "curl", Direction.INGRESS).stream().mapToLong(KernelEventRecord::bytes).sum();
            long serverSent = data(cap, "python3", Direction.EGRESS).stream().mapToLong(KernelEventRecord::bytes).sum();
            assertThat(Long.parseLong(sizes[1])).isEqualTo(big.length);
            assertThat(inEvents).isEqualTo(curlReceived);
            assertThat(serverSent).isEqualTo(curlReceived);
            assertThat(data(cap, "curl", Direction.INGRESS)).allSatisfy(e -> assertThat(e.payload().length)
                    .isEqualTo((int) Math.min(e.bytes(), ProbeOptions.DEFAULT_CAPTURE_BYTES)));
        }
    }

    @Test
    void nginxWritevResponseArrivesWhole(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        Files.writeString(dir.resolve("index.html"), "<h1>nginx under sockscope</h1>\n");
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %1$s;
                  proxy_temp_path %1$s;
                  fastcgi_temp_path %1$s;
                  uwsgi_temp_path %1$s;
                  scgi_temp_path %1$s;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %1$s;
                    location /h { add_header X-Test yes; return 200 "short body"; }
                  }
                }
                """.formatted(dir, port));
        try (ExternalProcess nginx = ExternalProcess.start(List.of("nginx", "-c", conf.toString(), "-p", dir.toString()))
                .awaitPort("127.0.0.1", port);
             LiveCapture cap = capture(port)) {
            String body = ExternalProcess.run(T, "curl", "-sS", "http://127.0.0.1:" + port + "/h");
            assertThat(body).isEqualTo("short body");
            cap.settle();
            List<KernelEventRecord> out = data(cap, "nginx", Direction.EGRESS);
            assertThat(out).hasSize(1);
            KernelEventRecord resp = out.getFirst();
            assertThat(resp.call()).isEqualTo(SocketCall.WRITEV);
            assertThat(resp.role()).isEqualTo(Role.SERVER);
            String text = text(resp);
            // headers and body come from different iovecs: both must be there, in order
            assertThat(text).startsWith("HTTP/1.1 200 OK\r\nServer: nginx").contains("X-Test: yes\r\n").endsWith("\r\n\r\nshort body");
            assertThat(resp.bytes()).isEqualTo(resp.payload().length);
        }
    }

    @Test
    void ipv6Loopback(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        Files.writeString(dir.resolve("six.txt"), "v6\n");
        try (ExternalProcess server = ExternalProcess.start(List.of("python3", "-m", "http.server", String.valueOf(port),
                "--bind", "::1", "--directory", dir.toString())).awaitPort("::1", port);
             LiveCapture cap = capture(port)) {
            assertThat(ExternalProcess.run(T, "curl", "-sS", "http://[::1]:" + port + "/six.txt")).isEqualTo("v6\n");
            cap.settle();
            KernelEventRecord send = data(cap, "curl", Direction.EGRESS).getFirst();
            assertThat(send.remoteAddress()).isEqualTo(InetAddress.getByName("::1"));
            assertThat(send.localAddress()).isEqualTo(InetAddress.getByName("::1"));
            assertThat(text(send)).startsWith("GET /six.txt HTTP/1.1\r\nHost: [::1]:" + port);
            KernelEventRecord recv = data(cap, "python3", Direction.INGRESS).getFirst();
            assertThat(recv.remoteAddress()).isEqualTo(InetAddress.getByName("::1"));
            assertThat(recv.remotePort()).isEqualTo(send.localPort());
        }
    }

    @Test
    void udpRequestAndResponseCarryAddresses() throws Exception {
        int port = ExternalProcess.freePort();
        String serverCode = """
                import socket
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.bind(("127.0.0.1", %d))
                data, peer = s.recvfrom(2048)
                s.sendto(b"pong:" + data, peer)
                """.formatted(port);
        String clientCode = """
                import socket
                c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                c.settimeout(5)
                c.sendto(b"ping", ("127.0.0.1", %d))
                print(c.recvfrom(2048)[0].decode())
                """.formatted(port);
        try (LiveCapture cap = capture(port);
             ExternalProcess server = ExternalProcess.start(List.of("python3", "-c", serverCode))) {
            Thread.sleep(300); // the server binds; UDP has nothing to wait on
            assertThat(ExternalProcess.run(T, "python3", "-c", clientCode).trim()).isEqualTo("pong:ping");
            server.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            cap.settle();
            List<KernelEventRecord> udp = cap.events.stream().filter(e -> e.kind() == EventKind.DATA).toList();
            assertThat(udp).allSatisfy(e -> assertThat(e.protocol()).isEqualTo(EventLayout.IPPROTO_UDP));
            KernelEventRecord clientSend = udp.stream().filter(e -> e.direction() == Direction.EGRESS && e.remotePort() == port).findFirst().orElseThrow();
            assertThat(clientSend.call()).isEqualTo(SocketCall.SENDTO);
            assertThat(text(clientSend)).isEqualTo("ping");
            KernelEventRecord serverRecv = udp.stream().filter(e -> e.direction() == Direction.INGRESS && e.localPort() == port).findFirst().orElseThrow();
            assertThat(serverRecv.call()).isEqualTo(SocketCall.RECVFROM);
            assertThat(text(serverRecv)).isEqualTo("ping");
            // an unconnected socket's receive has no source address yet in the kernel: the reply names it
            KernelEventRecord serverSend = udp.stream().filter(e -> e.direction() == Direction.EGRESS && e.localPort() == port).findFirst().orElseThrow();
            assertThat(text(serverSend)).isEqualTo("pong:ping");
            assertThat(serverSend.remotePort()).isEqualTo(clientSend.localPort());
            KernelEventRecord clientRecv = udp.stream().filter(e -> e.direction() == Direction.INGRESS && e.cookie() == clientSend.cookie()).findFirst().orElseThrow();
            assertThat(text(clientRecv)).isEqualTo("pong:ping");
        }
    }

    @Test
    void serverInNetworkNamespaceOverVeth(@TempDir Path dir) throws Exception {
        String ns = "sockscope-t" + ProcessHandle.current().pid() % 100000;
        String hostIf = "ssh" + ProcessHandle.current().pid() % 100000;
        int port = 8080;
        Files.writeString(dir.resolve("ns.txt"), "inside\n");
        try (NetNs netns = NetNs.create(ns, hostIf, "10.213.7.1", "10.213.7.2")) {
            try (LiveCapture cap = capture(port);
                 ExternalProcess server = ExternalProcess.start(List.of("ip", "netns", "exec", ns, "python3", "-m", "http.server",
                         String.valueOf(port), "--bind", "10.213.7.2", "--directory", dir.toString()))) {
                waitForCurl("http://10.213.7.2:" + port + "/ns.txt");
                cap.events.clear();
                assertThat(ExternalProcess.run(T, "curl", "-sS", "http://10.213.7.2:" + port + "/ns.txt")).isEqualTo("inside\n");
                cap.settle();
                KernelEventRecord send = data(cap, "curl", Direction.EGRESS).getFirst();
                KernelEventRecord recv = data(cap, "python3", Direction.INGRESS).getFirst();
                assertThat(send.remoteAddress()).isEqualTo(InetAddress.getByName("10.213.7.2"));
                assertThat(recv.localAddress()).isEqualTo(InetAddress.getByName("10.213.7.2"));
                assertThat(recv.remoteAddress()).isEqualTo(InetAddress.getByName("10.213.7.1"));
                assertThat(recv.netns()).isEqualTo(netns.inode());
                assertThat(send.netns()).isNotEqualTo(recv.netns());
            }
        }
    }

    private static void waitForCurl(String url) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                ExternalProcess.run(T, "curl", "-sS", "-o", "/dev/null", url);
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("server in the namespace never answered " + url);
    }

    /** Payload as text, for joining. */
    static final class KernelEventTextOf {
        static String text(KernelEventRecord r) {
            return KernelCaptureTest.text(r);
        }
    }
}
