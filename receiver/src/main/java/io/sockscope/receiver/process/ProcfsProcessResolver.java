package io.sockscope.receiver.process;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.receiver.container.ContainerResolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Resolves pids from procfs: the executable ({@code exe} link, else {@code comm}), the command line
 * ({@code cmdline}, NULs as spaces), the owner (uid of {@code /proc/<pid>} named through passwd), and
 * {@code OTEL_SERVICE_NAME} / {@code OTEL_RESOURCE_ATTRIBUTES} from {@code environ}, and the container and
 * pod from {@code cgroup} ({@link ContainerResolver}; read once per process like the rest, so a process
 * moved to another cgroup after it was first seen keeps its first container until its pid is reused).
 *
 * <p>Cached per pid (Caffeine), so the common lookup is a hash hit. Pids are reused: an entry older
 * than the revalidation interval is checked against the start time (field 22 of {@code stat}), one
 * small read, and read again in full when it changed. A process that is gone resolves to
 * {@link ProcessInfo#unknown(int)} named after the event's comm. Misses read a few small files on the
 * caller's thread (tens of microseconds), once per process. Thread-safe.
 */
public final class ProcfsProcessResolver implements ProcessResolver {
    private static final int MAX_CMDLINE = 16 * 1024;
    private static final int MAX_ENVIRON = 256 * 1024;
    private static final String SERVICE_NAME = "OTEL_SERVICE_NAME=";
    private static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES=";
    private static final String DELETED = " (deleted)";

    private final Path proc;
    private final UserNames users;
    private final long revalidateNanos;
    private final LongSupplier clock;
    private final Cache<Integer, Entry> cache;
    private final ContainerResolver containers;

    private record Entry(ProcessInfo info, long checkedAtNanos) {
    }

    /**
     * @param proc          the procfs mount ({@code /proc})
     * @param passwd        the passwd file naming uids
     * @param revalidate    how long a cached process is trusted before its start time is checked again
     * @param maxProcesses  processes cached at most
     * @param nanoClock     monotonic clock ({@code System::nanoTime})
     */
    public ProcfsProcessResolver(Path proc, Path passwd, Duration revalidate, int maxProcesses, LongSupplier nanoClock) {
        this(proc, passwd, revalidate, maxProcesses, nanoClock, new ContainerResolver(proc, maxProcesses));
    }

    /** As above; {@code containers} names each process's container and pod (null: none are looked up). */
    public ProcfsProcessResolver(Path proc, Path passwd, Duration revalidate, int maxProcesses, LongSupplier nanoClock,
                                 ContainerResolver containers) {
        this.containers = containers;
        this.proc = proc;
        this.users = new UserNames(passwd);
        this.revalidateNanos = revalidate.toNanos();
        this.clock = nanoClock;
        // Maintenance on the caller's thread: no pool threads, nothing runs behind the reader's back.
        this.cache = Caffeine.newBuilder().maximumSize(maxProcesses).executor(Runnable::run).build();
    }

    @Override
    public ProcessInfo resolve(int pid, String comm) {
        if (pid <= 0) {
            return unknown(pid, comm);
        }
        long now = clock.getAsLong();
        Entry e = cache.getIfPresent(pid);
        if (e != null) {
            if (now - e.checkedAtNanos < revalidateNanos) {
                return e.info;
            }
            long start = startTime(pid);
            boolean same = start == e.info.startTimeTicks() || start < 0 && e.info.startTimeTicks() == 0;
            if (same) {
                cache.put(pid, new Entry(e.info, now));
                return e.info;
            }
        }
        ProcessInfo info = read(pid, comm);
        cache.put(pid, new Entry(info, now));
        return info;
    }

    static ProcessInfo unknown(int pid, String comm) {
        if (comm == null || comm.isEmpty()) {
            return ProcessInfo.unknown(pid);
        }
        return new ProcessInfo(pid, 0, comm, null, null, null, null, null);
    }

    private ProcessInfo read(int pid, String comm) {
        Path dir = proc.resolve(Integer.toString(pid));
        String stat = text(dir.resolve("stat"), 4096);
        long start = stat == null ? -1 : startTime(stat);
        if (start < 0) {
            return unknown(pid, comm);
        }
        String path = executable(dir);
        String name = path != null ? path.substring(path.lastIndexOf('/') + 1) : statComm(stat);
        if (name == null || name.isEmpty()) {
            name = comm;
        }
        String cmdline = commandLine(dir);
        String owner = owner(dir);
        String serviceName = null;
        String resourceAttributes = null;
        String environ = text(dir.resolve("environ"), MAX_ENVIRON);
        if (environ != null) {
            for (String var : environ.split("\0")) {
                if (var.startsWith(SERVICE_NAME)) {
                    serviceName = emptyToNull(var.substring(SERVICE_NAME.length()));
                } else if (var.startsWith(RESOURCE_ATTRIBUTES)) {
                    resourceAttributes = emptyToNull(var.substring(RESOURCE_ATTRIBUTES.length()));
                }
            }
        }
        return new ProcessInfo(pid, start, name, path, cmdline, owner, serviceName, resourceAttributes,
                containers == null ? null : containers.resolve(pid));
    }

    private long startTime(int pid) {
        String stat = text(proc.resolve(pid + "/stat"), 4096);
        return stat == null ? -1 : startTime(stat);
    }

    /** Field 22 (starttime, clock ticks after boot); the comm before it may hold spaces and parentheses. */
    static long startTime(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = stat.substring(close + 1).trim().split(" ");
        try {
            return f.length > 19 ? Long.parseLong(f[19]) : -1; // f[0] is field 3
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String statComm(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        return open >= 0 && close > open ? stat.substring(open + 1, close) : null;
    }

    private static String executable(Path dir) {
        try {
            String p = Files.readSymbolicLink(dir.resolve("exe")).toString();
            return p.endsWith(DELETED) ? p.substring(0, p.length() - DELETED.length()) : p;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // kernel threads have none; other users' processes need privileges
        }
    }

    private static String commandLine(Path dir) {
        String s = text(dir.resolve("cmdline"), MAX_CMDLINE);
        if (s == null) {
            return null;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return end == 0 ? null : s.substring(0, end).replace('\0', ' ');
    }

    private String owner(Path dir) {
        try {
            return users.nameOf((Integer) Files.getAttribute(dir, "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** Up to {@code max} bytes of a file as text, or null when it cannot be read. */
    private static String text(Path file, int max) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
