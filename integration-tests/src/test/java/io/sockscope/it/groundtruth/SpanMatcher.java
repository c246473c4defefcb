package io.sockscope.it.groundtruth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pairs each kernel span with its SDK twin by connection and time. Both name the client's port
 * ({@code network.peer.port}); the spans of one port are one or more HTTP/1.1 connections, whose
 * requests follow one another, so both records list them in the same order. Per port the two
 * start-ordered lists are aligned as in an edit distance: a pair costs |Δstart| + |Δend|, a span left
 * without a twin costs {@link #MAX_START_GAP_NANOS}, and pairs further apart than that at the start
 * are never twins. Closest start alone is not enough: the Node SDK's start times have millisecond
 * resolution, and a keep-alive connection can carry three requests within two milliseconds.
 */
final class SpanMatcher {
    /** Two records of one request start within this of each other, or they are not the same request. */
    static final long MAX_START_GAP_NANOS = 1_000_000_000L;

    record Pair(ExportedSpan sdk, ExportedSpan kernel) {
    }

    /** What matched, what only the SDK recorded (missing), what only the kernel did (extra). */
    record Result(List<Pair> matched, List<ExportedSpan> missing, List<ExportedSpan> extra) {
    }

    private SpanMatcher() {
    }

    static Result match(List<ExportedSpan> sdk, List<ExportedSpan> kernel) {
        Map<Integer, List<ExportedSpan>> sdkByPort = byPort(sdk);
        Map<Integer, List<ExportedSpan>> kernelByPort = byPort(kernel);
        List<Pair> matched = new ArrayList<>();
        List<ExportedSpan> missing = new ArrayList<>();
        List<ExportedSpan> extra = new ArrayList<>();
        sdkByPort.forEach((port, s) -> {
            if (port < 0) {
                missing.addAll(s); // no port: no connection to match by
            }
        });
        kernelByPort.forEach((port, k) -> {
            if (port < 0) {
                extra.addAll(k);
            }
        });
        TreeMap<Integer, Boolean> ports = new TreeMap<>();
        sdkByPort.keySet().forEach(p -> ports.put(p, true));
        kernelByPort.keySet().forEach(p -> ports.put(p, true));
        for (int port : ports.keySet()) {
            if (port >= 0) {
                align(sdkByPort.getOrDefault(port, List.of()), kernelByPort.getOrDefault(port, List.of()), matched, missing, extra);
            }
        }
        matched.sort(Comparator.comparingLong(p -> p.sdk().startNanos()));
        return new Result(matched, missing, extra);
    }

    private static Map<Integer, List<ExportedSpan>> byPort(List<ExportedSpan> spans) {
        Map<Integer, List<ExportedSpan>> byPort = new TreeMap<>();
        for (ExportedSpan s : spans) {
            byPort.computeIfAbsent(s.peerPort() == null ? -1 : s.peerPort(), p -> new ArrayList<>()).add(s);
        }
        byPort.values().forEach(l -> l.sort(Comparator.comparingLong(ExportedSpan::startNanos)));
        return byPort;
    }

    /** Order-preserving alignment of one port's spans, cheapest first (dynamic programming). */
    private static void align(List<ExportedSpan> a, List<ExportedSpan> b, List<Pair> matched,
                              List<ExportedSpan> missing, List<ExportedSpan> extra) {
        int n = a.size();
        int m = b.size();
        double skip = MAX_START_GAP_NANOS;
        double[][] cost = new double[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                if (i == 0 || j == 0) {
                    cost[i][j] = (i + j) * skip;
                    continue;
                }
                cost[i][j] = Math.min(cost[i - 1][j] + skip, cost[i][j - 1] + skip);
                double pair = pairCost(a.get(i - 1), b.get(j - 1));
                if (pair < Double.POSITIVE_INFINITY) {
                    cost[i][j] = Math.min(cost[i][j], cost[i - 1][j - 1] + pair);
                }
            }
        }
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + pairCost(a.get(i - 1), b.get(j - 1))) {
                matched.add(new Pair(a.get(i - 1), b.get(j - 1)));
                i--;
                j--;
            } else if (i > 0 && cost[i][j] == cost[i - 1][j] + skip) {
                missing.add(a.get(--i));
            } else {
                extra.add(b.get(--j));
            }
        }
    }

    private static double pairCost(ExportedSpan sdk, ExportedSpan kernel) {
        long startGap = Math.abs(kernel.startNanos() - sdk.startNanos());
        if (startGap > MAX_START_GAP_NANOS) {
            return Double.POSITIVE_INFINITY;
        }
        return startGap + (double) Math.abs(kernel.endNanos() - sdk.endNanos());
    }
}
