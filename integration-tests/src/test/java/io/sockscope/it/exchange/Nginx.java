package io.sockscope.it.exchange;

import io.sockscope.bpf.testing.ExternalProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real nginx for one test: one master, one worker, everything (config, pid, logs, temp files,
 * document root) in the test's own directory, and an access log of {@code "$request $status"} lines.
 * The worker runs as root, like the test, so it may write uploads into that directory. Stopped on close.
 */
final class Nginx implements AutoCloseable {
    final Path dir;
    final Path root;
    private final ExternalProcess process;

    private Nginx(Path dir, Path root, ExternalProcess process) {
        this.dir = dir;
        this.root = root;
        this.process = process;
    }

    /**
     * Starts nginx on {@code 127.0.0.1:port} with {@code locations} inside its {@code server} block, and
     * waits until it accepts connections.
     */
    static Nginx start(Path dir, int port, String locations) throws IOException, InterruptedException {
        return start(dir, List.of("127.0.0.1:" + port), "127.0.0.1", port, locations);
    }

    static Nginx start(Path dir, List<String> listen, String probeHost, int probePort, String locations)
            throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path conf = dir.resolve("nginx.conf");
        String listens = listen.stream().map(l -> "    listen " + l + ";").collect(Collectors.joining("\n"));
        Files.writeString(conf, """
                daemon off;
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 1024; }
                http {
                  log_format plain '$request $status';
                  access_log %1$s/access.log plain;
                  client_body_temp_path %1$s;
                  proxy_temp_path %1$s;
                  fastcgi_temp_path %1$s;
                  uwsgi_temp_path %1$s;
                  scgi_temp_path %1$s;
                  keepalive_requests 1000000;
                  keepalive_timeout 60s;
                  server {
                %2$s
                    root %3$s;
                %4$s
                  }
                }
                """.formatted(dir, listens, root, locations.indent(4)));
        ExternalProcess p = ExternalProcess.start(List.of("nginx", "-c", conf.toString(), "-p", dir.toString()));
        try {
            p.awaitPort(probeHost, probePort);
            return new Nginx(dir, root, p);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** The worker's pid: the process that serves (the master only accepts the config). */
    Set<Long> workerPids() {
        return process.process.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** The access log's lines so far ({@code "GET /a HTTP/1.1 200"}). */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
    }

    @Override
    public void close() throws IOException {
        process.close();
    }
}
