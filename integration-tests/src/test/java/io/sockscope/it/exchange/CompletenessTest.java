package io.sockscope.it.exchange;

import io.sockscope.bpf.ProbeOptions;
import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ReceiverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.sockscope.it.exchange.LiveExchanges.describe;
import static io.sockscope.it.exchange.LiveExchanges.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing missing, nothing doubled: wrk makes exactly 10,000 numbered requests to nginx over 10
 * keep-alive connections, as fast as they go, and every one comes out exactly once on each side with
 * its own status, with no event lost in the ring buffer.
 */
@Timeout(180)
class CompletenessTest {
    private static final int REQUESTS = 10_000;
    private static final int CONNECTIONS = 10;
    private static final Duration T = Duration.ofSeconds(60);

    @Test
    void tenThousandRequestsFromWrkToNginxComeOutExactlyOnceOnEachSide(@TempDir Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        Path doneFile = dir.resolve("wrk.done");
        Path resultFile = dir.resolve("wrk.result");
        Path script = Scripts.copy("exact_count.lua", dir);
        ProbeOptions options = ProbeOptions.defaults().withRingBufferBytes(64 << 20);
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), port, """
                location /ok/ { return 200 "ok\\n"; }
                location /missing/ { return 404; }
                """);
             LiveExchanges live = LiveExchanges.on(List.of(port), options, ReceiverSettings.defaults())) {
            Map<String, Long> wrk;
            // -d only bounds the run: the script stops after exactly REQUESTS, then SIGINT makes wrk report
            try (ExternalProcess load = ExternalProcess.start(List.of("wrk", "-t1", "-c" + CONNECTIONS, "-d60s",
                    "--timeout", "10s", "-s", script.toString(), "http://127.0.0.1:" + port + "/", "--",
                    String.valueOf(REQUESTS), doneFile.toString(), resultFile.toString()))) {
                awaitFile(doneFile, load);
                ExternalProcess.run(Duration.ofSeconds(5), "kill", "-INT", String.valueOf(load.pid()));
                assertThat(load.process.waitFor(20, TimeUnit.SECONDS)).as("wrk exits after SIGINT").isTrue();
                wrk = parseResult(resultFile);
            }
            // the client's own count: exactly REQUESTS made and answered, none failed
            assertThat(wrk).containsEntry("issued", (long) REQUESTS).containsEntry("completed", (long) REQUESTS)
                    .containsEntry("requests", (long) REQUESTS).containsEntry("ok", REQUESTS * 9L / 10)
                    .containsEntry("missing", REQUESTS / 10L).containsEntry("other", 0L)
                    .containsEntry("errors", 0L);

            live.await(2 * REQUESTS, T);
            List<Exchange> servers = live.servers();
            List<Exchange> clients = live.clients();
            String summary = live.counters() + " servers=" + servers.size() + " clients=" + clients.size()
                    + " others=" + (live.all().size() - servers.size() - clients.size());

            assertThat(nginx.accessLog().size()).as("nginx's own count").isEqualTo(REQUESTS);
            assertThat(live.probes.lostEvents()).as(summary).isZero();
            assertEveryRequestOnce("nginx", servers, summary);
            assertEveryRequestOnce("wrk", clients, summary);
            Set<Long> workers = nginx.workerPids();
            assertThat(servers.stream().filter(x -> !workers.contains((long) x.pid())).count())
                    .as("server exchanges not from nginx's worker").isZero();
            assertThat(servers.stream().map(Exchange::connectionId).distinct().count()).as(summary).isEqualTo(CONNECTIONS);
            assertThat(clients.stream().map(Exchange::connectionId).distinct().count()).as(summary).isEqualTo(CONNECTIONS);
            assertThat(live.all().size()).as(summary).isEqualTo(2 * REQUESTS);
            assertThat(live.assembler.parseFailures()).as(summary).isZero();
            assertThat(live.assembler.orphanResponses()).as(summary).isZero();
            assertThat(live.assembler.eventFailures()).as(summary).isZero();
        }
    }

    /** Paths 1..REQUESTS each exactly once, HTTP, complete, with the status its path asks for. */
    private static void assertEveryRequestOnce(String who, List<Exchange> side, String summary) {
        Map<Integer, Integer> seen = new HashMap<>();
        Map<String, Integer> wrong = new TreeMap<>();
        for (Exchange x : side) {
            if (x.protocol() != Protocol.HTTP1 || x.outcome() != Outcome.COMPLETE) {
                wrong.merge("not a complete HTTP exchange: " + describe(x), 1, Integer::sum);
                continue;
            }
            String path = http(x).path();
            String[] parts = path.split("/");
            if (parts.length != 3) {
                wrong.merge("path " + path, 1, Integer::sum);
                continue;
            }
            int n = Integer.parseInt(parts[2]);
            int expected = n % 10 == 0 ? 404 : 200;
            String kind = n % 10 == 0 ? "missing" : "ok";
            if (!parts[1].equals(kind) || http(x).statusCode() != expected) {
                wrong.merge(path + " -> " + http(x).statusCode(), 1, Integer::sum);
            }
            seen.merge(n, 1, Integer::sum);
        }
        List<Integer> missing = new ArrayList<>();
        for (int n = 1; n <= REQUESTS; n++) {
            if (!seen.containsKey(n)) {
                missing.add(n);
            }
        }
        Map<Integer, Integer> doubled = seen.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        // sizes, with the first few named: a message listing thousands would bury the cause
        assertThat(wrong.size()).as(who + ": wrong exchanges, the first: "
                + wrong.keySet().stream().limit(20).toList() + "; " + summary).isZero();
        assertThat(missing.size()).as(who + ": requests with no exchange, the first: "
                + missing.stream().limit(20).toList() + "; " + summary).isZero();
        assertThat(doubled.size()).as(who + ": requests emitted more than once, the first: "
                + doubled.entrySet().stream().limit(20).toList() + "; " + summary).isZero();
        assertThat(side.size()).as(who + "; " + summary).isEqualTo(REQUESTS);
    }

    private static void awaitFile(Path file, ExternalProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!Files.exists(file)) {
            assertThat(process.process.isAlive()).as("wrk still running").isTrue();
            assertThat(System.nanoTime()).as("wrk finished within " + T).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** wrk's report: "name value" lines; "errors" is the sum of connect, read, write and timeout errors. */
    private static Map<String, Long> parseResult(Path file) throws IOException {
        Map<String, Long> values = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split(" ");
            long v = 0;
            for (int i = 1; i < f.length; i++) {
                v += Long.parseLong(f[i]);
            }
            values.put(f[0], v);
        }
        return values;
    }
}
