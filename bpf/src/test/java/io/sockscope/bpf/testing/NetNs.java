package io.sockscope.bpf.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A network namespace joined to the host by a veth pair, for tests: made with iproute2, removed
 * on close even when the test failed. Addresses are on a /30 that only this pair uses.
 */
public final class NetNs implements AutoCloseable {
    private static final Duration T = Duration.ofSeconds(10);
    private final String name;
    private final String hostIf;

    private NetNs(String name, String hostIf) {
        this.name = name;
        this.hostIf = hostIf;
    }

    public static NetNs create(String name, String hostIf, String hostAddr, String nsAddr) throws IOException, InterruptedException {
        NetNs n = new NetNs(name, hostIf);
        try {
            sh("ip", "netns", "add", name);
            sh("ip", "link", "add", hostIf, "type", "veth", "peer", "name", "eth0", "netns", name);
            sh("ip", "addr", "add", hostAddr + "/30", "dev", hostIf);
            sh("ip", "link", "set", hostIf, "up");
            sh("ip", "netns", "exec", name, "ip", "addr", "add", nsAddr + "/30", "dev", "eth0");
            sh("ip", "netns", "exec", name, "ip", "link", "set", "eth0", "up");
            sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            return n;
        } catch (IOException | InterruptedException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** The namespace's inode number: what the probes report as netns. */
    public long inode() throws IOException {
        return (Long) Files.getAttribute(Path.of("/run/netns/" + name), "unix:ino");
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        ExternalProcess.run(T, cmd);
    }

    @Override
    public void close() {
        try {
            ExternalProcess.run(T, "ip", "link", "del", hostIf);
        } catch (IOException | InterruptedException ignored) {
            // gone with the namespace already, or never made
        }
        try {
            ExternalProcess.run(T, "ip", "netns", "del", name);
        } catch (IOException | InterruptedException ignored) {
            // never made
        }
    }
}
