package io.sockscope.cli;

import io.sockscope.bpf.EventKind;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.KernelEventListener;
import io.sockscope.bpf.ProbeFilter;
import io.sockscope.bpf.ProbeOptions;
import io.sockscope.bpf.Probes;
import io.sockscope.bpf.RingBufferReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sockscope events}: decoded kernel events, live, one line each, as tcpdump shows packets.
 * What a user runs first when a span looks wrong.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Print kernel socket events live, one line each: time, process, connection, direction, bytes and a payload excerpt.",
                "Filters combine: --pid and --port run in the kernel, --comm in user space."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped (Ctrl-C, SIGTERM, --count or --duration reached)", "4:the probes could not be loaded (the message says why)"})
final class EventsCommand implements Callable<Integer> {
    @Option(names = "--pid", paramLabel = "PID", description = "Only this process (repeatable).")
    List<Integer> pids = List.of();

    @Option(names = "--port", paramLabel = "N", description = "Only connections with this local or remote port (repeatable).")
    List<Integer> ports = List.of();

    @Option(names = "--comm", paramLabel = "NAME", description = "Only tasks with this command name (repeatable).")
    List<String> comms = List.of();

    @Option(names = "--capture", paramLabel = "BYTES", defaultValue = "4096",
            description = "Payload prefix captured per event (0-16384, default ${DEFAULT-VALUE}).")
    int capture;

    @Option(names = "--excerpt", paramLabel = "CHARS", defaultValue = "80", description = "Payload characters shown per line (default ${DEFAULT-VALUE}).")
    int excerpt;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Exit after N events.")
    long count;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Exit after this many seconds.")
    double duration;

    @Option(names = {"-q", "--quiet"}, description = "Print no events, only a line per second with the event rate and losses.")
    boolean quiet;

    @Option(names = "--lifecycle", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show connect, accept, close, state, retransmit and reset events (default on).")
    boolean lifecycle;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        EventFormatter formatter = new EventFormatter(excerpt);
        Set<String> commSet = Set.copyOf(comms);
        AtomicLong printed = new AtomicLong();
        ProbeOptions options = ProbeOptions.defaults().withCaptureBytes(capture);
        ProbeFilter filter = new ProbeFilter(Set.copyOf(pids), Set.of(), Set.copyOf(ports));
        StringBuilder line = new StringBuilder(256);
        RingBufferReader[] readerRef = new RingBufferReader[1];
        Probes[] probesRef = new Probes[1];
        KernelEventListener listener = new KernelEventListener() {
            @Override
            public void onEvent(KernelEvent e) {
                if (!lifecycle && e.kind() != EventKind.DATA) {
                    return;
                }
                if (!commSet.isEmpty() && (e.pid() == 0 || !commSet.contains(e.comm()))) {
                    return;
                }
                if (!pids.isEmpty() && e.pid() == 0) {
                    return; // softirq events of other sockets: the kernel filter cannot see their pid
                }
                if (quiet) {
                    printed.incrementAndGet();
                } else {
                    line.setLength(0);
                    formatter.format(e, line);
                    out.println(line);
                }
                if (count > 0 && (quiet ? printed.get() : printed.incrementAndGet()) >= count) {
                    readerRef[0].stop();
                }
            }

            private long lastReport = System.nanoTime();
            private long lastCount;

            @Override
            public void onPoll(long now) {
                if (quiet && now - lastReport >= 1_000_000_000L) {
                    long c = printed.get();
                    out.printf("%d events/s, %d lost so far%n", (c - lastCount) * 1_000_000_000L / (now - lastReport),
                            probesRef[0].lostEvents());
                    lastCount = c;
                    lastReport = now;
                }
                out.flush();
            }
        };
        try (Probes probes = Probes.attach(options, filter);
             RingBufferReader reader = new RingBufferReader(probes, listener, 50)) {
            readerRef[0] = reader;
            probesRef[0] = probes;
            formatter.setEpochOffset(reader.epochOffsetNanos());
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                reader.stop();
                try {
                    main.join(3000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "sockscope-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.printf("sockscope: capturing socket events (%d probes attached, %d-byte payload prefix%s); Ctrl-C to stop%n",
                    probes.attachedPrograms().size(), capture, describe(filter));
            if (duration > 0) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep((long) (duration * 1000));
                    } catch (InterruptedException ignored) {
                        return;
                    }
                    reader.stop();
                });
            }
            reader.run();
            out.flush();
            System.err.printf("sockscope: %d events read, %d lost (ring buffer full)%n", reader.eventsRead(), probes.lostEvents());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM: the hook is running and waits for us; nothing to remove
            }
        }
        return Main.EXIT_OK;
    }

    private static String describe(ProbeFilter f) {
        StringBuilder b = new StringBuilder();
        if (!f.pids().isEmpty()) {
            b.append(", pids ").append(f.pids());
        }
        if (!f.ports().isEmpty()) {
            b.append(", ports ").append(f.ports());
        }
        return b.toString();
    }
}
