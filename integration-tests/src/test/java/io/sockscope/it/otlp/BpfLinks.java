package io.sockscope.it.otlp;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.sockscope.bpf.testing.ExternalProcess;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BPF links on this host, as the kernel lists them. Sockscope's probes are BTF tracepoints
 * ({@code tp_btf}), which {@code bpftool link list} shows as {@code raw_tracepoint} links; a process's
 * own links are the fds whose {@code /proc/PID/fdinfo} names a {@code link_id}.
 */
final class BpfLinks {
    private static final Pattern FDINFO_LINK_ID = Pattern.compile("(?m)^link_id:\\s*(\\d+)$");

    private BpfLinks() {
    }

    /** Ids of every raw_tracepoint (tp_btf) link on the host. */
    static SortedSet<Long> rawTracepointLinks() throws IOException, InterruptedException {
        String json = ExternalProcess.run(Duration.ofSeconds(10), "bpftool", "-j", "link", "list");
        ListValue.Builder links = ListValue.newBuilder();
        JsonFormat.parser().merge(json, links);
        SortedSet<Long> ids = new TreeSet<>();
        for (Value link : links.getValuesList()) {
            Struct fields = link.getStructValue();
            if (fields.getFieldsOrDefault("type", Value.getDefaultInstance()).getStringValue().equals("raw_tracepoint")) {
                ids.add((long) fields.getFieldsOrThrow("id").getNumberValue());
            }
        }
        return ids;
    }

    /**
     * Links on the host now that were not there before and that no live process holds: left behind by
     * a process that ended (a link outlives its process only when something pins or leaks it). Links
     * of programs running meanwhile (another test attaching its own probes) do not count.
     */
    static SortedSet<Long> orphanedSince(SortedSet<Long> before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            SortedSet<Long> orphaned = new TreeSet<>(rawTracepointLinks());
            orphaned.removeAll(before);
            if (!orphaned.isEmpty()) {
                orphaned.removeAll(heldByLiveProcesses());
            }
            // a program that closed its links between the listing and the /proc scan: look again
            if (orphaned.isEmpty() || System.nanoTime() > deadline) {
                return orphaned;
            }
            Thread.sleep(250);
        }
    }

    /** Ids of the links any live process holds open. */
    static Set<Long> heldByLiveProcesses() throws IOException {
        Set<Long> ids = new HashSet<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                ids.addAll(heldBy(Long.parseLong(proc.getFileName().toString())));
            }
        }
        return ids;
    }

    /** Ids of the links a live process holds open; none when it has ended. */
    static List<Long> heldBy(long pid) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fdinfo"))) {
            for (Path fd : fds) {
                String info;
                try {
                    info = Files.readString(fd);
                } catch (NoSuchFileException | AccessDeniedException closedMeanwhile) {
                    continue;
                }
                Matcher m = FDINFO_LINK_ID.matcher(info);
                if (m.find()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (NoSuchFileException | AccessDeniedException ended) {
            // the process ended while we looked
        }
        return ids;
    }
}
