package io.sockscope.bpf;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring walk on memory laid out as the kernel lays it out, including the wrap-around. */
class RingBufferTest {
    private static final long SIZE = 4096;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment consumer = arena.allocate(8, 8);
    private final MemorySegment producer = arena.allocate(8, 8);
    private final MemorySegment data = arena.allocate(SIZE, 8);
    private final RingBuffer ring = new RingBuffer(consumer, producer, data, SIZE);
    private long prod;

    /** Writes a record as the kernel does (the reader maps one copy of the data area). */
    private void produce(KernelEventBuilder b, int flags) {
        MemorySegment rec = arena.allocate(b.size() + 8, 8);
        rec.set(ValueLayout.JAVA_INT, 0, b.size() | flags);
        b.writeTo(rec, 8);
        long len = (b.size() + 8 + 7) & ~7L;
        for (long i = 0; i < b.size() + 8; i++) {
            byte v = rec.get(ValueLayout.JAVA_BYTE, i);
            long at = (prod + i) & (SIZE - 1);
            data.set(ValueLayout.JAVA_BYTE, at, v);
        }
        prod += len;
        producer.set(ValueLayout.JAVA_LONG, 0, prod);
    }

    private static KernelEventBuilder event(long cookie, String payload) throws Exception {
        return new KernelEventBuilder().cookie(cookie).pid(42).comm("curl").direction(Direction.EGRESS)
                .call(SocketCall.SENDTO).local(InetAddress.getByName("127.0.0.1"), 5000)
                .remote(InetAddress.getByName("127.0.0.1"), 80).payload(payload);
    }

    @Test
    void readsRecordsAcrossTheWrapAroundAndReleasesThem() throws Exception {
        List<String> seen = new ArrayList<>();
        long[] errors = new long[1];
        KernelEvent view = new KernelEvent();
        for (int round = 0; round < 30; round++) { // 30 x ~2 records of ~300 bytes: wraps several times
            produce(event(round, "GET /" + round + " " + "x".repeat(150)), 0);
            produce(event(1000 + round, "HTTP/1.1 200 OK"), 0);
            int n = ring.drain(view, 0, e -> {
                byte[] b = new byte[e.capturedLength()];
                e.copyPayload(b, 0, b.length);
                seen.add(e.cookie() + ":" + new String(b).split(" ")[0] + ":" + e.comm() + ":" + e.remotePort());
            }, errors);
            assertThat(n).isEqualTo(2);
            assertThat(consumer.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(prod);
        }
        assertThat(seen).hasSize(60).contains("29:GET:curl:80", "1029:HTTP/1.1:curl:80");
        assertThat(errors[0]).isZero();
    }

    @Test
    void aRecordThatWrapsAroundTheEndIsReadWhole() throws Exception {
        prod = SIZE - 64; // the header and 56 bytes fit before the end, the rest wraps to the start
        consumer.set(ValueLayout.JAVA_LONG, 0, prod);
        String payload = "HTTP/1.1 200 OK\r\n" + "y".repeat(300) + "|end";
        produce(event(7, payload), 0);
        List<String> seen = new ArrayList<>();
        int n = ring.drain(new KernelEvent(), 0, e -> {
            byte[] b = new byte[e.capturedLength()];
            e.copyPayload(b, 0, b.length);
            seen.add(e.cookie() + ":" + e.comm() + ":" + e.remotePort() + ":" + new String(b));
        }, new long[1]);

        assertThat(n).isEqualTo(1);
        assertThat(seen).containsExactly("7:curl:80:" + payload);
        assertThat(consumer.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(prod);
    }

    @Test
    void stopsAtABusyRecordAndSkipsDiscardedOnes() throws Exception {
        List<Long> seen = new ArrayList<>();
        long[] errors = new long[1];
        produce(event(1, "a"), 1 << 30); // discarded
        produce(event(2, "b"), 0);
        produce(event(3, "c"), 1 << 31); // still being written
        produce(event(4, "d"), 0);
        int n = ring.drain(new KernelEvent(), 0, e -> seen.add(e.cookie()), errors);
        assertThat(n).isEqualTo(1);
        assertThat(seen).containsExactly(2L);
    }

    @Test
    void aThrowingListenerIsCountedAndTheWalkGoesOn() throws Exception {
        produce(event(1, "a"), 0);
        produce(event(2, "b"), 0);
        long[] errors = new long[1];
        List<Long> seen = new ArrayList<>();
        int n = ring.drain(new KernelEvent(), 0, e -> {
            seen.add(e.cookie());
            throw new IllegalStateException("bad listener");
        }, errors);
        assertThat(n).isEqualTo(2);
        assertThat(seen).containsExactly(1L, 2L);
        assertThat(errors[0]).isEqualTo(2);
    }
}
