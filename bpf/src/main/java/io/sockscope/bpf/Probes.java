package io.sockscope.bpf;

import io.sockscope.bpf.internal.LibBpf;
import io.sockscope.bpf.internal.Native;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Sockscope's probes in the running kernel: opened, configured, loaded and attached by
 * {@link #attach}, detached by {@link #close()}.
 *
 * <p>Every attachment is a BPF link held by a file descriptor of this process, so the kernel also
 * detaches them when the process dies for any reason; {@link #close()} (called from a shutdown hook
 * on SIGTERM, and on every error path) makes it prompt and explicit.
 */
public final class Probes implements AutoCloseable {
    /** The programs in {@code sockscope.bpf.c}, attached in this order. */
    static final List<String> PROGRAMS = List.of("inet_sock_set_state", "tcp_retransmit_skb", "tcp_receive_reset",
            "tcp_send_reset", "sock_send_length", "sock_recv_length");

    private static final int LOG_TAIL_CHARS = 4000;
    private static final Object LOG_LOCK = new Object();
    private static final Deque<String> LOG = new ArrayDeque<>();
    private static LibBpf.PrintFn printFn; // strong reference: libbpf keeps the function pointer

    private final Native nat;
    private final Pointer object;
    private final List<Pointer> links;
    private final ProbeOptions options;
    private final int eventsFd;
    private final int configFd;
    private final int pidsFd;
    private final int cgroupsFd;
    private final int portsFd;
    private final int countersFd;
    private final int cpus;
    private boolean closed;

    private Probes(Native nat, Pointer object, List<Pointer> links, ProbeOptions options) {
        this.nat = nat;
        this.object = object;
        this.links = links;
        this.options = options;
        this.eventsFd = mapFd("events");
        this.configFd = mapFd("config");
        this.pidsFd = mapFd("filter_pids");
        this.cgroupsFd = mapFd("filter_cgroups");
        this.portsFd = mapFd("filter_ports");
        this.countersFd = mapFd("counters");
        this.cpus = nat.bpf.libbpf_num_possible_cpus();
    }

    /**
     * Checks privileges and kernel, loads the probes, applies {@code filter} and attaches every
     * program. Nothing stays attached when it throws.
     */
    public static Probes attach(ProbeOptions options, ProbeFilter filter) {
        KernelCheck.requireAll();
        Native nat = Native.get();
        installLogSink(nat);
        Path objectFile = extractObject();
        Pointer obj = nat.bpf.bpf_object__open_file(objectFile.toString(), null);
        if (obj == null || obj.address() == 0) {
            int errno = nat.lastErrno();
            deleteQuietly(objectFile);
            throw new BpfException("Could not open the BPF object: " + nat.strerror(errno) + logTail());
        }
        List<Pointer> links = new ArrayList<>();
        Probes probes = null;
        try {
            int cpus = nat.bpf.libbpf_num_possible_cpus();
            check(nat.bpf.bpf_map__set_max_entries(find(nat, obj, "events"), options.ringBufferBytes()), "size the ring buffer");
            check(nat.bpf.bpf_map__set_max_entries(find(nat, obj, "scratch_buf"), cpus), "size the scratch buffer");
            clearLog();
            int err = nat.bpf.bpf_object__load(obj);
            if (err != 0) {
                throw loadFailure(nat, err);
            }
            probes = new Probes(nat, obj, links, options);
            probes.writeConfig(0);
            probes.applyFilter(filter);
            for (String name : PROGRAMS) {
                Pointer prog = nat.bpf.bpf_object__find_program_by_name(obj, name);
                if (prog == null) {
                    throw new BpfException("Program " + name + " missing from the BPF object: the build is broken.");
                }
                Pointer link = nat.bpf.bpf_program__attach(prog);
                if (link == null || link.address() == 0) {
                    int errno = nat.lastErrno();
                    throw new BpfException("Could not attach " + name + " (tp_btf/" + name + "): " + nat.strerror(errno)
                            + ". The kernel may lack this tracepoint; Sockscope needs Linux 6.3+ with BTF." + logTail());
                }
                links.add(link);
            }
            return probes;
        } catch (RuntimeException e) {
            if (probes != null) {
                probes.close();
            } else {
                links.forEach(nat.bpf::bpf_link__destroy);
                nat.bpf.bpf_object__close(obj);
            }
            throw e;
        } finally {
            deleteQuietly(objectFile);
        }
    }

    public ProbeOptions options() {
        return options;
    }

    /** File descriptor of the ring buffer map, for {@link RingBufferReader}. */
    int eventsFd() {
        return eventsFd;
    }

    /** Names of the attached programs. */
    public List<String> attachedPrograms() {
        return PROGRAMS.subList(0, links.size());
    }

    /**
     * Replaces the filter sets while attached. Sets are filled before the flags switch on, so a
     * narrowing filter never drops events it should let through.
     */
    public synchronized void applyFilter(ProbeFilter filter) {
        replaceSet(pidsFd, 4, filter.pids().stream().map(Integer::longValue).collect(java.util.stream.Collectors.toSet()));
        replaceSet(cgroupsFd, 8, filter.cgroupIds());
        replaceSet(portsFd, 2, filter.ports().stream().map(Integer::longValue).collect(java.util.stream.Collectors.toSet()));
        int flags = (filter.pids().isEmpty() ? 0 : 1) | (filter.cgroupIds().isEmpty() ? 0 : 2) | (filter.ports().isEmpty() ? 0 : 4);
        writeConfig(flags);
    }

    /** Events the probes could not write because the ring buffer was full, since attach. */
    public long lostEvents() {
        return counter(0);
    }

    /** Events written to the ring buffer since attach. */
    public long emittedEvents() {
        return counter(1);
    }

    /** Socket calls dropped in the kernel by the pid, cgroup or port filters. */
    public long filteredCalls() {
        return counter(2);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = links.size() - 1; i >= 0; i--) {
            nat.bpf.bpf_link__destroy(links.get(i));
        }
        links.clear();
        nat.bpf.bpf_object__close(object);
    }

    private void writeConfig(int filterFlags) {
        Pointer key = Memory.allocateDirect(nat.runtime, 4);
        key.putInt(0, 0);
        Pointer value = Memory.allocateDirect(nat.runtime, 16);
        value.putInt(0, options.selfPid());
        value.putInt(4, options.captureBytes());
        value.putInt(8, filterFlags);
        // The probes count per CPU (see wakeup_flag in sockscope.bpf.c): share the threshold out.
        value.putInt(12, Math.max(EventLayout.HEADER_SIZE, options.wakeupBytes() / cpus));
        if (nat.bpf.bpf_map_update_elem(configFd, key, value, 0) != 0) {
            throw new BpfException("Could not write the probe configuration: " + nat.strerror(nat.lastErrno()));
        }
    }

    private void replaceSet(int fd, int keySize, Set<Long> wanted) {
        Pointer key = Memory.allocateDirect(nat.runtime, 8);
        Pointer next = Memory.allocateDirect(nat.runtime, 8);
        List<Long> stale = new ArrayList<>();
        boolean first = true;
        while (nat.bpf.bpf_map_get_next_key(fd, first ? null : key, next) == 0) {
            long k = keySize == 8 ? next.getLong(0) : keySize == 4 ? Integer.toUnsignedLong(next.getInt(0))
                    : Short.toUnsignedInt(next.getShort(0));
            if (!wanted.contains(k)) {
                stale.add(k);
            }
            key.transferFrom(0, next, 0, 8);
            first = false;
        }
        Pointer one = Memory.allocateDirect(nat.runtime, 1);
        one.putByte(0, (byte) 1);
        for (long k : wanted) {
            putKey(key, keySize, k);
            if (nat.bpf.bpf_map_update_elem(fd, key, one, 0) != 0) {
                throw new BpfException("Could not update a filter set (" + nat.strerror(nat.lastErrno())
                        + "): at most 4096 pids or cgroups and 1024 ports.");
            }
        }
        for (long k : stale) {
            putKey(key, keySize, k);
            nat.bpf.bpf_map_delete_elem(fd, key);
        }
    }

    private static void putKey(Pointer key, int size, long k) {
        switch (size) {
            case 8 -> key.putLong(0, k);
            case 4 -> key.putInt(0, (int) k);
            default -> key.putShort(0, (short) k);
        }
    }

    private long counter(int index) {
        Pointer key = Memory.allocateDirect(nat.runtime, 4);
        key.putInt(0, index);
        Pointer values = Memory.allocateDirect(nat.runtime, 8L * cpus);
        if (nat.bpf.bpf_map_lookup_elem(countersFd, key, values) != 0) {
            return 0;
        }
        long sum = 0;
        for (int c = 0; c < cpus; c++) {
            sum += values.getLong(8L * c);
        }
        return sum;
    }

    private int mapFd(String name) {
        return nat.bpf.bpf_map__fd(find(nat, object, name));
    }

    private static Pointer find(Native nat, Pointer obj, String name) {
        Pointer map = nat.bpf.bpf_object__find_map_by_name(obj, name);
        if (map == null) {
            throw new BpfException("Map " + name + " missing from the BPF object: the build is broken.");
        }
        return map;
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new BpfException("Could not " + what + ": error " + rc);
        }
    }

    private static BpfException loadFailure(Native nat, int err) {
        String log = logText();
        String program = null;
        // libbpf logs "prog 'NAME': BPF program load failed" before the verifier log.
        int at = log.indexOf("prog '");
        if (at >= 0) {
            int end = log.indexOf('\'', at + 6);
            program = end > at ? log.substring(at + 6, end) : null;
        }
        int errno = Math.abs(err);
        String hint = switch (errno) {
            case 1 -> " The kernel refused: root without CAP_BPF/CAP_PERFMON, or lockdown/unprivileged BPF restrictions.";
            case 13 -> " The verifier rejected it.";
            case 7 -> " The program is too large for this kernel's verifier.";
            case 22, 95 -> " This kernel does not support a feature the probes use (Linux 6.3+ with BTF is needed).";
            default -> "";
        };
        return new BpfException("Could not load the probes" + (program == null ? "" : " (program " + program + ")") + ": "
                + nat.strerror(errno) + "." + hint + logTail());
    }

    private static synchronized void installLogSink(Native nat) {
        if (printFn != null) {
            return;
        }
        Pointer buf = Memory.allocateDirect(nat.runtime, 8192);
        printFn = (level, format, vaList) -> {
            synchronized (LOG_LOCK) {
                int n = nat.libc.vsnprintf(buf, 8192, format, vaList);
                if (n > 0) {
                    LOG.addLast(buf.getString(0, Math.min(n, 8191), java.nio.charset.StandardCharsets.UTF_8));
                    while (LOG.size() > 2000) {
                        LOG.removeFirst();
                    }
                }
            }
            return 0;
        };
        nat.bpf.libbpf_set_print(printFn);
    }

    private static void clearLog() {
        synchronized (LOG_LOCK) {
            LOG.clear();
        }
    }

    private static String logText() {
        synchronized (LOG_LOCK) {
            return String.join("", LOG);
        }
    }

    private static String logTail() {
        String log = logText().strip();
        if (log.isEmpty()) {
            return "";
        }
        return "\n--- libbpf/verifier log (tail) ---\n" + (log.length() > LOG_TAIL_CHARS ? "..." + log.substring(log.length() - LOG_TAIL_CHARS) : log);
    }

    private static Path extractObject() {
        try (InputStream in = Probes.class.getResourceAsStream("sockscope.bpf.o")) {
            if (in == null) {
                throw new BpfException("sockscope.bpf.o is not on the classpath: build with clang installed (./sockscope does it).");
            }
            Path tmp = Files.createTempFile("sockscope-", ".bpf.o");
            Files.write(tmp, in.readAllBytes());
            return tmp;
        } catch (IOException e) {
            throw new BpfException("Could not extract the BPF object: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file left in /tmp is harmless
        }
    }
}
