package io.sockscope.bpf;

/** Receives events from the ring buffer reader. Called from the reader thread only. */
@FunctionalInterface
public interface KernelEventListener {
    /** The event is a view valid only during this call. Must not throw; exceptions are counted and dropped. */
    void onEvent(KernelEvent event);

    /**
     * Called on the reader thread after each batch of events and at least every poll interval when
     * idle, so listeners can flush timeouts without a thread or lock of their own.
     *
     * @param monotonicNanos now, on the events' clock ({@link System#nanoTime()})
     */
    default void onPoll(long monotonicNanos) {
    }
}
