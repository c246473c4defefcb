package io.sockscope.bpf.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** A real program started for a test and always stopped with it. */
public final class ExternalProcess implements AutoCloseable {
    public final Process process;
    private final Path log;

    private ExternalProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ExternalProcess start(List<String> command) throws IOException {
        Path log = Files.createTempFile("sockscope-test-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ExternalProcess(p, log);
    }

    /** Runs a command to completion (bounded) and returns its standard output. */
    public static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n" + text);
        }
        return text;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until something accepts connections on host:port (bounded). */
    public ExternalProcess awaitPort(String host, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("process exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nothing listens on " + host + ":" + port + ": " + Files.readString(log));
    }

    /**
     * A TCP port free on every address now, for a program the test starts and tells which port to
     * use. It comes from below the kernel's ephemeral range: a port from {@code bind(0)} is one that
     * any outgoing connection (a JVM's agent, an exporter, curl) may take as its local port before
     * the program binds it, and then the program fails with "Address already in use". No port is
     * handed out twice by one JVM.
     */
    public static int freePort() throws IOException {
        int below = ephemeralLow();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = FIRST_PORT + ThreadLocalRandom.current().nextInt(below - FIRST_PORT);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // something listens there already: try another
            }
        }
        throw new IOException("no free port in " + FIRST_PORT + "-" + (below - 1));
    }

    private static final int FIRST_PORT = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** The first port of {@code net.ipv4.ip_local_port_range}; 32768 (Linux's default) if unreadable. */
    private static int ephemeralLow() {
        try {
            // one buffered read: an integer sysctl answers a read at a nonzero offset with EOF, and
            // Files.readString reads a size-0 /proc file one byte first
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst();
            int low = Integer.parseInt(range.trim().split("\\s+")[0]);
            return low > FIRST_PORT + 1_000 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    @Override
    public void close() throws IOException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
