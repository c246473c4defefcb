package io.sockscope.bpf;

import java.util.Set;

/**
 * What the kernel side sends, changeable while attached. An empty set means "no filter on that
 * field"; non-empty sets must all match (pid AND cgroup AND one of the two ports).
 */
public record ProbeFilter(Set<Integer> pids, Set<Long> cgroupIds, Set<Integer> ports) {
    public static final ProbeFilter ALL = new ProbeFilter(Set.of(), Set.of(), Set.of());

    public ProbeFilter {
        pids = Set.copyOf(pids);
        cgroupIds = Set.copyOf(cgroupIds);
        ports = Set.copyOf(ports);
    }
}
