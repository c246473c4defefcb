package io.sockscope.it.groundtruth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the kernel's SERVER spans and the SDK's say about the same requests, runtime by runtime: one
 * markdown table with a column per runtime, printed and written to
 * {@code integration-tests/target/groundtruth-report.md} (rewritten with every runtime measured in
 * this JVM), followed by every disagreement found.
 */
final class GroundTruthReport {
    /** Compared on every matched pair; a disagreement on any of these fails the test. */
    static final List<String> STRICT = List.of("http.request.method", "url.path", "http.response.status_code",
            "server.port", "span kind");
    /** Compared and shown; {@code client.address} is asked for by the issue, the others are context. */
    static final List<String> SHOWN = List.of("client.address", "network.peer.address", "url.scheme",
            "network.protocol.version", "user_agent.original", "trace id and parent");

    private static final Map<String, GroundTruthReport> RUNS = new LinkedHashMap<>();

    final String runtime;
    final int requests;
    final SpanMatcher.Result servers;
    final ClientSpans clients;
    final Map<String, int[]> agreement = new LinkedHashMap<>(); // attribute -> {agree, compared}
    final List<String> disagreements = new ArrayList<>();
    final double[] absDurationDiffMillis;
    final double signedMedianMillis;
    final double startOffsetMedianMillis;

    /** Kernel CLIENT spans against the SDK's: the kernel's span is the child of the SDK's (trace context). */
    record ClientSpans(int sdk, int kernel, int matched, double absDurationDiffMedianMillis) {
    }

    GroundTruthReport(String runtime, int requests, SpanMatcher.Result servers, ClientSpans clients) {
        this.runtime = runtime;
        this.requests = requests;
        this.servers = servers;
        this.clients = clients;
        for (String key : STRICT) {
            compare(key, key.equals("span kind") ? s -> s.kind().name() : s -> s.attribute(key));
        }
        for (String key : SHOWN) {
            compare(key, key.equals("trace id and parent") ? s -> s.traceId() + "/" + s.parentSpanId() : s -> s.attribute(key));
        }
        List<SpanMatcher.Pair> pairs = servers.matched();
        absDurationDiffMillis = pairs.stream()
                .mapToDouble(p -> Math.abs(p.kernel().durationNanos() - p.sdk().durationNanos()) / 1e6).sorted().toArray();
        signedMedianMillis = median(pairs.stream()
                .mapToDouble(p -> (p.kernel().durationNanos() - p.sdk().durationNanos()) / 1e6).sorted().toArray());
        startOffsetMedianMillis = median(pairs.stream()
                .mapToDouble(p -> (p.kernel().startNanos() - p.sdk().startNanos()) / 1e6).sorted().toArray());
    }

    private void compare(String key, Function<ExportedSpan, String> value) {
        int agree = 0;
        int compared = 0;
        for (SpanMatcher.Pair p : servers.matched()) {
            String sdk = value.apply(p.sdk());
            if (sdk == null) {
                continue; // the SDK did not record it: nothing to agree with
            }
            compared++;
            String kernel = value.apply(p.kernel());
            if (Objects.equals(sdk, kernel)) {
                agree++;
            } else {
                disagreements.add("%s: SDK %s, kernel %s (SDK span %s)".formatted(key, sdk, kernel, p.sdk().describe()));
            }
        }
        agreement.put(key, new int[]{agree, compared});
    }

    int disagreeing(String key) {
        int[] a = agreement.get(key);
        return a[1] - a[0];
    }

    double absDurationDiffMedianMillis() {
        return median(absDurationDiffMillis);
    }

    /** Records this run, prints the table of every run so far and rewrites the report file. */
    void publish() {
        String text;
        synchronized (RUNS) {
            RUNS.put(runtime, this);
            text = render(List.copyOf(RUNS.values()));
        }
        System.out.println(text);
        Path file = Path.of(System.getProperty("basedir", "."), "target", "groundtruth-report.md");
        Path pairs = file.resolveSibling("groundtruth-pairs-" + runtime.replaceAll("[^A-Za-z0-9.]+", "-") + ".csv");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.writeString(pairs, pairsCsv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every matched pair, one line each, for looking into the differences. */
    private String pairsCsv() {
        StringBuilder csv = new StringBuilder("method,path,status,peer_port,sdk_start_ns,sdk_duration_ms,ours_start_ns,ours_duration_ms\n");
        for (SpanMatcher.Pair p : servers.matched()) {
            csv.append("%s,%s,%s,%s,%d,%.3f,%d,%.3f%n".formatted(p.sdk().attribute("http.request.method"),
                    p.sdk().attribute("url.path"), p.sdk().attribute("http.response.status_code"), p.sdk().peerPort(),
                    p.sdk().startNanos(), p.sdk().durationNanos() / 1e6, p.kernel().startNanos(), p.kernel().durationNanos() / 1e6));
        }
        return csv.toString();
    }

    static String render(List<GroundTruthReport> runs) {
        StringBuilder md = new StringBuilder("# Ground truth: kernel SERVER spans against the SDK's, request by request\n\n");
        md.append("| |");
        runs.forEach(r -> md.append(' ').append(r.runtime).append(" |"));
        md.append("\n|---|");
        runs.forEach(r -> md.append("---:|"));
        md.append('\n');
        row(md, runs, "requests sent", r -> Integer.toString(r.requests));
        row(md, runs, "SDK SERVER spans", r -> Integer.toString(r.servers.matched().size() + r.servers.missing().size()));
        row(md, runs, "kernel SERVER spans", r -> Integer.toString(r.servers.matched().size() + r.servers.extra().size()));
        row(md, runs, "matched", r -> Integer.toString(r.servers.matched().size()));
        row(md, runs, "missing (SDK only)", r -> Integer.toString(r.servers.missing().size()));
        row(md, runs, "extra (kernel only)", r -> Integer.toString(r.servers.extra().size()));
        for (String key : STRICT) {
            row(md, runs, "`" + key + "` agrees", r -> share(r.agreement.get(key)));
        }
        for (String key : SHOWN) {
            row(md, runs, "`" + key + "` agrees", r -> share(r.agreement.get(key)));
        }
        row(md, runs, "\\|duration diff\\| median, ms", r -> ms(median(r.absDurationDiffMillis)));
        row(md, runs, "\\|duration diff\\| p90, ms", r -> ms(quantile(r.absDurationDiffMillis, 0.90)));
        row(md, runs, "\\|duration diff\\| p99, ms", r -> ms(quantile(r.absDurationDiffMillis, 0.99)));
        row(md, runs, "duration diff (ours − SDK) median, ms", r -> ms(r.signedMedianMillis));
        row(md, runs, "start offset (ours − SDK) median, ms", r -> ms(r.startOffsetMedianMillis));
        row(md, runs, "CLIENT spans matched (SDK / kernel)", r -> r.clients.matched() + " (" + r.clients.sdk() + " / "
                + r.clients.kernel() + ")");
        row(md, runs, "CLIENT \\|duration diff\\| median, ms", r -> ms(r.clients.absDurationDiffMedianMillis()));
        for (GroundTruthReport r : runs) {
            List<String> notes = new ArrayList<>();
            r.servers.missing().forEach(s -> notes.add("missing: " + s.describe()));
            r.servers.extra().forEach(s -> notes.add("extra: " + s.describe()));
            notes.addAll(r.disagreements);
            r.servers.matched().stream()
                    .sorted(java.util.Comparator.comparingLong((SpanMatcher.Pair p) ->
                            -Math.abs(p.kernel().durationNanos() - p.sdk().durationNanos())))
                    .limit(5)
                    .forEach(p -> notes.add("largest duration difference: ours %.3f ms, SDK %.3f ms, start offset %.3f ms: %s"
                            .formatted(p.kernel().durationNanos() / 1e6, p.sdk().durationNanos() / 1e6,
                                    (p.kernel().startNanos() - p.sdk().startNanos()) / 1e6, p.sdk().describe())));
            if (!notes.isEmpty()) {
                md.append("\n").append(r.runtime).append(": ").append(notes.size()).append(" notes\n\n");
                notes.stream().limit(40).forEach(n -> md.append("- ").append(n).append('\n'));
                if (notes.size() > 40) {
                    md.append("- ... ").append(notes.size() - 40).append(" more\n");
                }
            }
        }
        return md.toString();
    }

    private static void row(StringBuilder md, List<GroundTruthReport> runs, String label, Function<GroundTruthReport, String> cell) {
        md.append("| ").append(label).append(" |");
        runs.forEach(r -> md.append(' ').append(cell.apply(r)).append(" |"));
        md.append('\n');
    }

    private static String share(int[] agreeOfCompared) {
        if (agreeOfCompared[1] == 0) {
            return "not recorded by the SDK";
        }
        return "%.1f%% (%d/%d)".formatted(100.0 * agreeOfCompared[0] / agreeOfCompared[1], agreeOfCompared[0], agreeOfCompared[1]);
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "–" : "%.3f".formatted(millis);
    }

    static double median(double[] sorted) {
        return quantile(sorted, 0.5);
    }

    /** Nearest-rank quantile of sorted values; NaN when there are none. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(q * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
}
