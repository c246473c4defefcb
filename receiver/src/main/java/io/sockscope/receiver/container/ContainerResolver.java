package io.sockscope.receiver.container;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The container and pod of a process, from {@code /proc/<pid>/cgroup} (see {@link CgroupPath}).
 *
 * <p>Cached by cgroup id (the inode of the task's cgroup v2 directory, which every kernel event carries;
 * Caffeine, bounded, maintenance on the caller's thread), so the processes of one container cost one
 * read of procfs in all. An answer is cached only when the cgroup v2 path alone decided it: on a hybrid host whose runtime
 * uses the v1 hierarchies (Docker with cgroupfs), many containers share one v2 cgroup and only the v1
 * lines tell them apart. Thread-safe.
 */
public final class ContainerResolver {
    private static final int MAX_CGROUP_FILE = 8192;

    private final Path proc;
    private final Cache<Long, Optional<ContainerIdentity>> byCgroupId;

    /**
     * @param proc       the procfs mount ({@code /proc})
     * @param maxCgroups cgroups remembered at most
     */
    public ContainerResolver(Path proc, int maxCgroups) {
        this.proc = proc;
        this.byCgroupId = Caffeine.newBuilder().maximumSize(maxCgroups).executor(Runnable::run).build();
    }

    public static ContainerResolver fromProc() {
        return new ContainerResolver(Path.of("/proc"), 8192);
    }

    /**
     * @param pid      host pid
     * @param cgroupId the task's cgroup v2 id from a kernel event, or 0 when unknown
     * @return the container and pod, or null for a process in neither (or one that is gone)
     */
    public ContainerIdentity resolve(int pid, long cgroupId) {
        if (cgroupId != 0) {
            Optional<ContainerIdentity> known = byCgroupId.getIfPresent(cgroupId);
            if (known != null) {
                return known.orElse(null);
            }
        }
        String text = read(proc.resolve(pid + "/cgroup"));
        if (text == null) {
            return null;
        }
        String[] v2 = new String[1];
        ContainerIdentity identity = CgroupPath.fromProcCgroup(text, v2);
        if (cgroupId != 0 && v2[0] != null && decidedByV2(identity, v2[0], text)) {
            byCgroupId.put(cgroupId, Optional.ofNullable(identity));
        }
        return identity;
    }

    /** As {@link #resolve(int, long)} without a cgroup id. */
    public ContainerIdentity resolve(int pid) {
        return resolve(pid, 0);
    }

    /** Cgroups remembered by id (for tests and our own telemetry). */
    public long cachedCgroups() {
        byCgroupId.cleanUp();
        return byCgroupId.estimatedSize();
    }

    /**
     * True when the v2 path alone gives the answer: it names a container (v1 lines are not read then), or
     * the host has no v1 hierarchies (a pure cgroup v2 host), which makes "no container" an answer too.
     */
    private static boolean decidedByV2(ContainerIdentity identity, String v2Path, String text) {
        ContainerIdentity fromV2 = CgroupPath.parse(v2Path);
        if (fromV2 != null && fromV2.containerId() != null) {
            return fromV2.equals(identity);
        }
        return text.strip().indexOf('\n') < 0;
    }

    private static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_CGROUP_FILE), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
