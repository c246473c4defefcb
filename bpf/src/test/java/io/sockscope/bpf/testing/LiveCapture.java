package io.sockscope.bpf.testing;

import io.sockscope.bpf.KernelEventRecord;
import io.sockscope.bpf.ProbeFilter;
import io.sockscope.bpf.ProbeOptions;
import io.sockscope.bpf.Probes;
import io.sockscope.bpf.RingBufferReader;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Attaches the probes for one test and records matching events; closes everything on close. */
public final class LiveCapture implements AutoCloseable {
    public final Probes probes;
    public final RingBufferReader reader;
    public final List<KernelEventRecord> events = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public LiveCapture(ProbeOptions options, ProbeFilter filter, Predicate<KernelEventRecord> keep) {
        probes = Probes.attach(options, filter);
        try {
            reader = new RingBufferReader(probes, e -> {
                KernelEventRecord r = e.toRecord();
                if (keep.test(r)) {
                    events.add(r);
                }
            }, 5);
        } catch (RuntimeException e) {
            probes.close();
            throw e;
        }
        thread = Thread.ofPlatform().name("test-reader").daemon().start(reader::run);
    }

    /** Waits until the reader has seen everything emitted so far. */
    public void settle() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            long emitted = probes.emittedEvents();
            Thread.sleep(30);
            if (reader.eventsRead() >= emitted) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        reader.stop();
        thread.join(2000);
        reader.close();
        probes.close();
    }
}
