package io.sockscope.pipeline.assembly;

import io.sockscope.config.model.ComponentId;
import io.sockscope.pipeline.component.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Pipelines linked by connectors: a pipeline naming connector C as an exporter is upstream of every
 * pipeline naming C as a receiver. Orders them for building (downstream first, since a connector
 * needs the consumer it feeds) and for starting and stopping, and finds cycles, which the Collector
 * rejects too.
 */
final class PipelineGraph {
    private final List<ServiceConfig.Pipeline> pipelines;
    /** Upstream pipeline index → the downstream ones, through any connector. */
    private final Map<Integer, Set<Integer>> downstream = new LinkedHashMap<>();

    /** @param connector true when an id named on a side (RECEIVER, EXPORTER) of a pipeline is a connector */
    PipelineGraph(List<ServiceConfig.Pipeline> pipelines, BiPredicate<Kind, ComponentId> connector) {
        this.pipelines = List.copyOf(pipelines);
        for (int i = 0; i < pipelines.size(); i++) {
            Set<Integer> next = new LinkedHashSet<>();
            for (ComponentId c : pipelines.get(i).exporters()) {
                if (!connector.test(Kind.EXPORTER, c)) {
                    continue;
                }
                for (int j = 0; j < pipelines.size(); j++) {
                    if (pipelines.get(j).receivers().contains(c) && connector.test(Kind.RECEIVER, c)) {
                        next.add(j);
                    }
                }
            }
            downstream.put(i, next);
        }
    }

    /** A cycle as pipeline ids ({@code traces/a → traces/b → traces/a}), or null when there is none. */
    String cycle() {
        int[] state = new int[pipelines.size()]; // 0 new, 1 on the path, 2 done
        List<Integer> path = new ArrayList<>();
        for (int i = 0; i < pipelines.size(); i++) {
            String c = visit(i, state, path);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private String visit(int i, int[] state, List<Integer> path) {
        if (state[i] == 2) {
            return null;
        }
        if (state[i] == 1) {
            List<String> ids = new ArrayList<>();
            for (int p : path.subList(path.indexOf(i), path.size())) {
                ids.add(pipelines.get(p).id().toString());
            }
            ids.add(pipelines.get(i).id().toString());
            return String.join(" → ", ids);
        }
        state[i] = 1;
        path.add(i);
        for (int j : downstream.get(i)) {
            String c = visit(j, state, path);
            if (c != null) {
                return c;
            }
        }
        path.removeLast();
        state[i] = 2;
        return null;
    }

    /**
     * Upstream first (a pipeline before the pipelines its connectors feed), otherwise in file order:
     * the shutdown order.
     *
     * @throws IllegalStateException on a cycle
     */
    List<ServiceConfig.Pipeline> upstreamFirst() {
        return order(true);
    }

    /** Downstream first (a pipeline after those it feeds), otherwise in file order: the start order. */
    List<ServiceConfig.Pipeline> downstreamFirst() {
        return order(false);
    }

    private List<ServiceConfig.Pipeline> order(boolean upstreamFirst) {
        String c = cycle();
        if (c != null) {
            throw new IllegalStateException("pipelines form a cycle through connectors: " + c);
        }
        int n = pipelines.size();
        // blockers[i]: pipelines that must come before i in this order.
        List<Set<Integer>> blockers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            blockers.add(new LinkedHashSet<>());
        }
        downstream.forEach((up, next) -> next.forEach(down -> {
            if (upstreamFirst) {
                blockers.get(down).add(up);
            } else {
                blockers.get(up).add(down);
            }
        }));
        List<ServiceConfig.Pipeline> order = new ArrayList<>();
        boolean[] done = new boolean[n];
        while (order.size() < n) {
            for (int i = 0; i < n; i++) {
                if (!done[i] && blockers.get(i).stream().allMatch(b -> done[b])) {
                    done[i] = true;
                    order.add(pipelines.get(i));
                    break; // restart from the top, so file order wins among ready pipelines
                }
            }
        }
        return order;
    }
}
