package io.sockscope.bpf;

import io.sockscope.bpf.internal.Syscalls;
import io.sockscope.bpf.internal.Native;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the BPF ring buffer through our own {@code mmap} of it, on one thread, without copying and
 * without per-event garbage: each record is shown to the listener through one reused
 * {@link KernelEvent} view.
 *
 * <p>Layout (kernel/bpf/ringbuf.c): page 0 holds the consumer position (read-write), page 1 the
 * producer position, then the data area, which the kernel offers twice in a row (read-only); we map
 * one copy and {@link RingBuffer} walks it.
 *
 * <p>Wake-ups: the probes wake the reader only once {@link ProbeOptions#wakeupBytes()} wait, so
 * the reader also polls every {@code pollMillis}: latency is bounded, and traced programs do not
 * pay a wake-up per event.
 */
public final class RingBufferReader implements AutoCloseable {
    private static final long PAGE_SIZE = 4096;
    /** A batch this large means the ring is filling faster than we wait: read again at once. */
    private static final int BUSY_BATCH = 16384;
    /** Quiet looks double the wait up to 8 poll intervals (160 ms by default). */
    private static final int MAX_IDLE_SHIFT = 3;

    private final Native nat;
    private final KernelEventListener listener;
    private final int pollMillis;
    private final long pageSize;
    private final long dataSize;
    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;
    private final int epollFd;
    private final MemorySegment epollEvents = java.lang.foreign.Arena.ofAuto().allocate(48, 8);
    private final KernelEvent view = new KernelEvent();
    private final long epochOffsetNanos;
    private final AtomicLong eventsRead = new AtomicLong();
    private final long[] errors = new long[1];
    private final RingBuffer ring;
    private volatile boolean running = true;
    private boolean closed;

    /**
     * Maps the ring buffer of {@code probes}.
     *
     * @param pollMillis longest wait between two looks at the ring when no wake-up comes
     */
    public RingBufferReader(Probes probes, KernelEventListener listener, int pollMillis) {
        this.nat = Native.get();
        this.listener = listener;
        this.pollMillis = pollMillis;
        this.pageSize = PAGE_SIZE;
        this.dataSize = probes.options().ringBufferBytes();
        int fd = probes.eventsFd();
        long producerMapLen = pageSize + dataSize;
        try {
            consumer = Syscalls.mmap(pageSize, Syscalls.PROT_READ | Syscalls.PROT_WRITE, fd, 0);
        } catch (Syscalls.ErrnoException e) {
            throw new BpfException("mmap of the ring buffer's consumer page failed: " + nat.strerror(e.errno));
        }
        try {
            producer = Syscalls.mmap(producerMapLen, Syscalls.PROT_READ, fd, pageSize);
        } catch (Syscalls.ErrnoException e) {
            Syscalls.munmap(consumer);
            throw new BpfException("mmap of the ring buffer's data failed (" + nat.strerror(e.errno) + ")");
        }
        data = producer.asSlice(pageSize, dataSize);
        ring = new RingBuffer(consumer, producer, data, dataSize);
        try {
            epollFd = Syscalls.epollFor(fd);
        } catch (Syscalls.ErrnoException e) {
            unmap();
            throw new BpfException("epoll on the ring buffer failed: " + nat.strerror(e.errno));
        }
        // CLOCK_MONOTONIC (bpf_ktime_get_ns, System.nanoTime) to wall clock, measured once.
        Instant now = Instant.now();
        long mono = System.nanoTime();
        epochOffsetNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    /** Wall clock minus CLOCK_MONOTONIC, in nanoseconds: {@link KernelEvent#epochNanos()} uses it. */
    public long epochOffsetNanos() {
        return epochOffsetNanos;
    }

    /**
     * Reads until {@link #stop()} is called. Run it on a dedicated thread.
     *
     * <p>After a small batch it sleeps in epoll until the probes wake it (once
     * {@link ProbeOptions#wakeupBytes()} wait) or the poll interval ends: spinning on a trickle of
     * events would take a core from the programs being traced. Only a large batch, a sign of
     * falling behind, makes it read again at once. On a quiet host each look that found nothing
     * doubles the wait, up to 8 poll intervals, and the first event brings it back: waking every
     * 20 ms to find nothing was half of Sockscope's idle CPU (0.4% of a core).
     */
    public void run() {
        int idleShift = 0;
        while (running) {
            int n = drain();
            listener.onPoll(System.nanoTime());
            idleShift = n == 0 ? Math.min(idleShift + 1, MAX_IDLE_SHIFT) : 0;
            if (n < BUSY_BATCH && running) {
                Syscalls.epollWait(epollFd, epollEvents, pollMillis << idleShift);
            }
        }
        drain();
        listener.onPoll(System.nanoTime());
    }

    /** Hands every complete record to the listener; returns how many. Reader thread only. */
    public int drain() {
        int n = ring.drain(view, epochOffsetNanos, listener, errors);
        eventsRead.addAndGet(n);
        return n;
    }

    /** Asks {@link #run()} to return after its current round; safe from any thread. */
    public void stop() {
        running = false;
    }

    public long eventsRead() {
        return eventsRead.get();
    }

    /** Exceptions thrown by the listener (counted and dropped: the reader never stops for them). */
    public long listenerErrors() {
        return errors[0];
    }

    /** Bytes waiting in the ring for this reader; 0 once closed. Any thread. */
    public synchronized long backlogBytes() {
        return closed ? 0 : ring.backlogBytes();
    }

    /** The ring's data size in bytes. */
    public long capacityBytes() {
        return dataSize;
    }

    /** Unmaps the ring. Call after {@link #run()} returned and before closing the probes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        Syscalls.close(epollFd);
        unmap();
    }

    private void unmap() {
        Syscalls.munmap(consumer);
        Syscalls.munmap(producer);
    }
}
