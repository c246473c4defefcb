package io.sockscope.receiver.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Listening ports read from {@code /proc/<pid>/net/tcp} and {@code tcp6} (state {@code 0A}), one set
 * per network namespace since each has its own table: the event's pid is the way into its namespace.
 *
 * <p>Read lazily, only for sockets whose role the kernel did not report (connections older than
 * Sockscope), and cached: a port not in the set triggers a re-read at most once per refresh interval
 * per namespace, so a newly started server is found and client sockets cost no I/O. Reader thread only.
 */
public final class ProcNetListeningPorts implements ListeningPorts {
    private static final int MAX_NAMESPACES = 1024;
    private static final String LISTEN = "0A";

    private final Path proc;
    private final long refreshNanos;
    private final long ownNetns;
    private final Map<Long, Table> tables = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Table> eldest) {
            return size() > MAX_NAMESPACES;
        }
    };

    private record Table(BitSet ports, long readAtNanos) {
    }

    /** @param proc the procfs mount, {@code /proc} outside tests */
    public ProcNetListeningPorts(Path proc, long refreshNanos) {
        this.proc = proc;
        this.refreshNanos = refreshNanos;
        this.ownNetns = namespaceOf(proc.resolve("self/ns/net"));
    }

    @Override
    public Answer lookup(long netns, int pid, int port, long nowNanos) {
        Table t = tables.get(netns);
        if (t != null && (t.ports.get(port) || nowNanos - t.readAtNanos < refreshNanos)) {
            return t.ports.get(port) ? Answer.LISTENING : Answer.NOT_LISTENING;
        }
        Path dir = pid > 0 ? proc.resolve(pid + "/net") : netns == ownNetns || netns == 0 ? proc.resolve("net") : null;
        BitSet ports = dir == null ? null : read(dir);
        if (ports == null) {
            return t == null ? Answer.UNKNOWN : t.ports.get(port) ? Answer.LISTENING : Answer.NOT_LISTENING;
        }
        tables.put(netns, new Table(ports, nowNanos));
        return ports.get(port) ? Answer.LISTENING : Answer.NOT_LISTENING;
    }

    /** Listening ports of {@code dir/tcp} and {@code dir/tcp6}; null when neither can be read. */
    static BitSet read(Path dir) {
        BitSet ports = new BitSet(65536);
        boolean any = false;
        for (String name : new String[] {"tcp", "tcp6"}) {
            try {
                parse(Files.readString(dir.resolve(name), StandardCharsets.US_ASCII), ports);
                any = true;
            } catch (IOException | RuntimeException e) {
                // tcp6 is absent without IPv6; a process may exit between event and read
            }
        }
        return any ? ports : null;
    }

    /**
     * Adds the local ports of LISTEN lines of a {@code /proc/net/tcp} text to {@code ports}. Lines look
     * like {@code "0: 0100007F:1F90 00000000:0000 0A ..."}: local address and port in hex, then the
     * remote, then the state.
     */
    static void parse(String text, BitSet ports) {
        int line = text.indexOf('\n') + 1; // skip the header
        while (line > 0 && line < text.length()) {
            int end = text.indexOf('\n', line);
            if (end < 0) {
                end = text.length();
            }
            String[] f = text.substring(line, end).trim().split("\\s+");
            if (f.length > 3 && LISTEN.equals(f[3])) {
                int colon = f[1].lastIndexOf(':');
                if (colon > 0) {
                    ports.set(Integer.parseInt(f[1], colon + 1, f[1].length(), 16));
                }
            }
            line = end + 1;
        }
    }

    /** The inode in a namespace link ({@code net:[4026531840]}), or -1. */
    private static long namespaceOf(Path link) {
        try {
            String s = Files.readSymbolicLink(link).toString();
            return Long.parseLong(s.substring(s.indexOf('[') + 1, s.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
