package io.sockscope.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * The score per second of CPU the benchmark JVM used, every thread included (GC, JIT, gRPC), next to
 * the usual score per second of wall time. On a JVM pinned to one CPU that others share, the wall-time
 * score drops by the share they take; the per-CPU-second score is what the core would do for us alone
 * (less whatever their cache pollution costs). {@code cpu.share} says how much of one CPU we got.
 *
 * <p>Use: {@code -prof io.sockscope.bench.CpuTimeProfiler} (bench/jmh.sh adds it).
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long wallStart;
    private long cpuStart;

    @Override
    public String getDescription() {
        return "score per CPU-second of the whole JVM, and the share of one CPU it got";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallStart = System.nanoTime();
        cpuStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        Result primary = result.getPrimaryResult();
        if (cpu <= 0 || wall <= 0 || !primary.getScoreUnit().endsWith("/s")) {
            return List.of(); // throughput modes only: a time per operation would scale the other way
        }
        double perCpuSecond = primary.getScore() * wall / cpu;
        return List.of(
                new ScalarResult("cpu.score", perCpuSecond, primary.getScoreUnit().replace("/s", "/cpu-s"), AggregationPolicy.AVG),
                new ScalarResult("cpu.share", (double) cpu / wall, "cpus", AggregationPolicy.AVG));
    }
}
