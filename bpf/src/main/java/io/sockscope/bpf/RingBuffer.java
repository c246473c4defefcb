package io.sockscope.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The consumer side of a BPF ring buffer (kernel/bpf/ringbuf.c) over three memory segments: the
 * consumer position (ours to write), the producer position, and the data area. Each record starts
 * with an 8-byte header: its length with a BUSY bit (still being written) and a DISCARD bit.
 *
 * <p>The kernel offers the data area mapped twice in a row so that a record wrapping around the end
 * is contiguous, but it maps all of it up front: a second copy would add the whole ring's size to
 * the process's resident memory again. So only one copy is mapped, and the rare record that wraps is
 * copied into a buffer of its own first.
 *
 * <p>Single consumer: call {@link #drain} from one thread only. No allocation (but for a wrapping
 * record larger than any before), no locks.
 */
public final class RingBuffer {
    private static final int BUSY_BIT = 1 << 31;
    private static final int DISCARD_BIT = 1 << 30;
    /** Size of a record header. */
    public static final int RECORD_HEADER = 8;
    private static final VarHandle POS = ValueLayout.JAVA_LONG.withOrder(ByteOrder.nativeOrder()).varHandle();
    private static final VarHandle LEN = ValueLayout.JAVA_INT.withOrder(ByteOrder.nativeOrder()).varHandle();

    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;
    private final long size;
    private final long mask;
    /** Where a record that wraps around the end is put back together. */
    private MemorySegment wrapped = Arena.ofAuto().allocate(EventLayout.HEADER_SIZE + EventLayout.MAX_CAPTURE, 8);

    /**
     * @param consumer the consumer page (position at offset 0)
     * @param producer the producer page (position at offset 0)
     * @param data     the data area, {@code size} bytes (one copy)
     * @param size     the ring's size, a power of two
     */
    public RingBuffer(MemorySegment consumer, MemorySegment producer, MemorySegment data, long size) {
        this.consumer = consumer;
        this.producer = producer;
        this.data = data;
        this.size = size;
        this.mask = size - 1;
    }

    /** Bytes written by the probes and not yet consumed; safe from any thread while the ring is mapped. */
    public long backlogBytes() {
        long cons = (long) POS.getAcquire(consumer, 0L);
        long prod = (long) POS.getAcquire(producer, 0L);
        return Math.max(0, prod - cons);
    }

    /**
     * Shows every complete record to {@code listener} through {@code view}, releasing each one as
     * soon as it is done so the producer can reuse the space. Returns the number of records shown.
     * Exceptions from the listener are counted in {@code errors[0]} and never stop the walk.
     */
    public int drain(KernelEvent view, long epochOffsetNanos, KernelEventListener listener, long[] errors) {
        long cons = (long) POS.getAcquire(consumer, 0L);
        long prod = (long) POS.getAcquire(producer, 0L);
        int n = 0;
        while (cons < prod) {
            long off = cons & mask;
            int hdr = (int) LEN.getAcquire(data, off);
            if ((hdr & BUSY_BIT) != 0) {
                break; // the producer is still writing this record
            }
            int len = hdr & ~(BUSY_BIT | DISCARD_BIT);
            if ((hdr & DISCARD_BIT) == 0) {
                long start = (off + RECORD_HEADER) & mask;
                if (start + len <= size) {
                    view.wrap(data, start, len, epochOffsetNanos);
                } else {
                    view.wrap(joined(start, len), 0, len, epochOffsetNanos);
                }
                try {
                    listener.onEvent(view);
                } catch (RuntimeException e) {
                    errors[0]++;
                }
                n++;
            }
            cons += (len + RECORD_HEADER + 7) & ~7L;
            POS.setRelease(consumer, 0L, cons);
            if (cons >= prod) {
                prod = (long) POS.getAcquire(producer, 0L);
            }
        }
        return n;
    }

    /** The record at {@code start} whose end wrapped to the beginning of the ring, in one piece. */
    private MemorySegment joined(long start, int len) {
        if (wrapped.byteSize() < len) {
            wrapped = Arena.ofAuto().allocate(len, 8);
        }
        long head = size - start;
        MemorySegment.copy(data, start, wrapped, 0, head);
        MemorySegment.copy(data, 0, wrapped, head, len - head);
        return wrapped;
    }
}
