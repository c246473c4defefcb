package io.sockscope.it.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's cgroup v2 directory as the kubelet's systemd driver names it with containerd:
 * {@code kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<uid_>.slice/cri-containerd-<id>.scope},
 * made with mkdir below the cgroup v2 mount. {@link #close()} moves every process still in it back to the
 * root cgroup and removes the directories it made, deepest first, also after a failed test.
 */
final class KubepodsCgroup implements AutoCloseable {
    static final Path V2 = Path.of("/sys/fs/cgroup/unified");

    private final List<Path> made = new ArrayList<>();
    final Path scope;

    private KubepodsCgroup(Path scope) {
        this.scope = scope;
    }

    static KubepodsCgroup create(String podUid, String containerId) throws IOException {
        Path slice = V2.resolve("kubepods.slice").resolve("kubepods-besteffort.slice")
                .resolve("kubepods-besteffort-pod" + podUid.replace('-', '_') + ".slice");
        KubepodsCgroup c = new KubepodsCgroup(slice.resolve("cri-containerd-" + containerId + ".scope"));
        try {
            for (Path p : List.of(V2.resolve("kubepods.slice"), slice.getParent(), slice, c.scope)) {
                if (!Files.isDirectory(p)) {
                    Files.createDirectory(p);
                    c.made.add(p);
                }
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The cgroup id the probes report for its tasks: the directory's inode. */
    long id() throws IOException {
        return (Long) Files.getAttribute(scope, "unix:ino");
    }

    /** The v2 path as {@code /proc/<pid>/cgroup} shows it. */
    String path() {
        return "/" + V2.relativize(scope);
    }

    @Override
    public void close() {
        for (int i = made.size() - 1; i >= 0; i--) {
            remove(made.get(i));
        }
    }

    /** Moves the processes in {@code dir} to the root cgroup, then removes it (it must have no children left). */
    static void remove(Path dir) {
        try {
            evacuate(dir);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    /** Moves the processes still in {@code dir} to the root cgroup: a cgroup with tasks cannot be removed. */
    private static void evacuate(Path dir) throws IOException {
        Path procs = dir.resolve("cgroup.procs");
        if (!Files.exists(procs)) {
            return;
        }
        for (String pid : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
            if (!pid.isBlank()) {
                try {
                    Files.writeString(V2.resolve("cgroup.procs"), pid.strip());
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
    }
}
