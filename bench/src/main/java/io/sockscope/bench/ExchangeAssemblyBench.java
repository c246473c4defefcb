package io.sockscope.bench;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.EventKind;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.KernelEventBuilder;
import io.sockscope.bpf.Role;
import io.sockscope.bpf.SocketCall;
import io.sockscope.bpf.TcpState;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.ExchangeAssembler;
import io.sockscope.receiver.ReceiverSettings;
import io.sockscope.receiver.connection.ListeningPorts;
import io.sockscope.receiver.process.ProcessResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Exchanges rebuilt per second on one core from recorded kernel events: keep-alive HTTP/1.1
 * request/response pairs (curl-like requests, nginx responses with a 615-byte body) over many
 * interleaved server connections, each opened by an ACCEPT and ended by a CLOSE, replayed through the
 * same decoding path as the ring buffer (one {@link KernelEvent} view re-pointed at every record of
 * one memory segment). Process metadata comes from the real {@code /proc} resolver (cached per pid).
 *
 * <p>Run: {@code mvn -pl bench -am package -DskipTests} then
 * {@code java --enable-native-access=ALL-UNNAMED -cp "bench/target/*:bench/target/lib/*" org.openjdk.jmh.Main ExchangeAssemblyBench -prof gc}.
 * Score = exchanges per second (each operation is one exchange).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class ExchangeAssemblyBench {
    static final int CONNECTIONS = 1_000;
    static final int EXCHANGES_PER_CONNECTION = 50;
    static final int EXCHANGES = CONNECTIONS * EXCHANGES_PER_CONNECTION;

    private static final String BODY = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"
            + "x".repeat(615 - 62);
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Mon, 02 Jun 2025 10:00:00 GMT\r\n"
            + "Content-Type: text/html\r\n"
            + "Content-Length: " + BODY.length() + "\r\n"
            + "Last-Modified: Tue, 11 Apr 2023 01:45:34 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"6434bbbe-267\"\r\n"
            + "Accept-Ranges: bytes\r\n"
            + "\r\n" + BODY;

    private Arena arena;
    private MemorySegment records;
    private long[] offsets;
    private long[] lengths;
    private long lastTimestamp;
    private final KernelEvent view = new KernelEvent();
    private ExchangeAssembler assembler;
    private long exchanges;
    private Exchange last;

    @Setup(Level.Trial)
    public void record() throws Exception {
        InetAddress server = InetAddress.getByName("10.0.0.1");
        InetAddress client = InetAddress.getByName("10.0.0.2");
        int pid = (int) ProcessHandle.current().pid();
        List<KernelEventBuilder> events = new ArrayList<>();
        long ts = 1_000_000_000L;
        for (int c = 0; c < CONNECTIONS; c++) {
            events.add(event(c, ts += 1_000, server, client, 0).kind(EventKind.ACCEPT).role(Role.SERVER)
                    .states(TcpState.SYN_RECV, TcpState.ESTABLISHED));
        }
        for (int n = 0; n < EXCHANGES_PER_CONNECTION; n++) {
            for (int c = 0; c < CONNECTIONS; c++) {
                String request = "GET /api/items/" + (n * 7 + c) % 500 + "?page=" + n + " HTTP/1.1\r\n"
                        + "Host: localhost:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
                events.add(event(c, ts += 1_000, server, client, pid).kind(EventKind.DATA).role(Role.SERVER)
                        .direction(Direction.INGRESS).call(SocketCall.RECVFROM).payload(request));
                events.add(event(c, ts += 1_000, server, client, pid).kind(EventKind.DATA).role(Role.SERVER)
                        .direction(Direction.EGRESS).call(SocketCall.WRITEV).payload(RESPONSE));
            }
        }
        for (int c = 0; c < CONNECTIONS; c++) {
            events.add(event(c, ts += 1_000, server, client, 0).kind(EventKind.CLOSE)
                    .states(TcpState.LAST_ACK, TcpState.CLOSE));
        }
        lastTimestamp = ts;

        long total = 0;
        for (KernelEventBuilder b : events) {
            total += align(b.size());
        }
        arena = Arena.ofShared();
        records = arena.allocate(total, 8);
        offsets = new long[events.size()];
        lengths = new long[events.size()];
        long at = 0;
        for (int i = 0; i < events.size(); i++) {
            offsets[i] = at;
            lengths[i] = events.get(i).writeTo(records, at);
            at += align(lengths[i]);
        }
        assembler = new ExchangeAssembler(ReceiverSettings.defaults(), x -> {
            exchanges++;
            last = x;
        }, ProcessResolver.fromProc(), ListeningPorts.none());
    }

    @TearDown(Level.Trial)
    public void check() {
        if (assembler.parseFailures() != 0 || assembler.eventFailures() != 0 || exchanges % EXCHANGES != 0) {
            throw new IllegalStateException("replay went wrong: " + exchanges + " exchanges, "
                    + assembler.parseFailures() + " parse failures, " + assembler.eventFailures() + " event failures");
        }
        arena.close();
    }

    /** One replay of every recorded event; each operation is one exchange. */
    @Benchmark
    @OperationsPerInvocation(EXCHANGES)
    public Exchange replay() {
        for (int i = 0; i < offsets.length; i++) {
            assembler.onEvent(view.wrap(records, offsets[i], lengths[i], 0));
        }
        assembler.onPoll(lastTimestamp);
        return last;
    }

    private static KernelEventBuilder event(int connection, long ts, InetAddress server, InetAddress client, int pid) {
        return new KernelEventBuilder().timestampNanos(ts).cookie(1_000_000L + connection).pid(pid).tid(pid)
                .comm(pid == 0 ? "" : "nginx").netns(4026531840L).cgroupId(4242)
                .local(server, 8080).remote(client, 40_000 + connection);
    }

    /** Ring buffer records are 8-byte aligned. */
    private static long align(long n) {
        return (n + 7) & ~7L;
    }
}
