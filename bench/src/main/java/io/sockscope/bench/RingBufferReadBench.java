package io.sockscope.bench;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.KernelEventBuilder;
import io.sockscope.bpf.KernelEventListener;
import io.sockscope.bpf.RingBuffer;
import io.sockscope.bpf.SocketCall;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * Reader capacity: kernel events decoded per second on one core from a full ring buffer, through
 * the same {@link RingBuffer} walk and {@link KernelEvent} view as the live reader. Each record is
 * a 256-byte payload event (an HTTP request head), the listener reads every header field a
 * receiver uses. One operation = one event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RingBufferReadBench {
    static final int RING = 64 << 20;
    /** Events in the ring at each invocation: 100,000 records of 392 bytes fill 39 of its 64 MiB. */
    static final int EVENTS = 100_000;

    private MemorySegment consumer;
    private RingBuffer ring;
    private final KernelEvent view = new KernelEvent();
    private final long[] errors = new long[1];

    @Setup(Level.Trial)
    public void fill() throws Exception {
        Arena arena = Arena.ofShared();
        consumer = arena.allocate(4096, 4096);
        MemorySegment producer = arena.allocate(4096, 4096);
        MemorySegment data = arena.allocate(RING, 4096);
        byte[] head = "GET /api/users/42 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\n\r\n".getBytes();
        byte[] payload = new byte[256];
        System.arraycopy(head, 0, payload, 0, head.length);
        long off = 0;
        int record = (new KernelEventBuilder().payload(payload).size() + 8 + 7) & ~7;
        for (int i = 0; i < EVENTS; i++) {
            KernelEventBuilder b = new KernelEventBuilder().cookie(i % 1000).pid(4242).tid(4243).comm("nginx")
                    .direction(Direction.INGRESS).call(SocketCall.READ).bytes(payload.length).timestampNanos(i)
                    .local(InetAddress.getByName("127.0.0.1"), 8080).remote(InetAddress.getByName("127.0.0.1"), 40000 + i % 1000)
                    .payload(payload);
            data.set(ValueLayout.JAVA_INT, off, b.size());
            b.writeTo(data, off + 8);
            off += record;
        }
        producer.set(ValueLayout.JAVA_LONG, 0, off);
        ring = new RingBuffer(consumer, producer, data, RING);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int drainFullRing(Blackhole bh) {
        consumer.set(ValueLayout.JAVA_LONG, 0, 0L); // the ring is full again
        KernelEventListener l = e -> {
            bh.consume(e.kind());
            bh.consume(e.cookie());
            bh.consume(e.pid());
            bh.consume(e.direction());
            bh.consume(e.bytes());
            bh.consume(e.timestampNanos());
            bh.consume(e.localPort() + e.remotePort());
            bh.consume(e.payloadByte(0));
        };
        return ring.drain(view, 0, l, errors);
    }
}
