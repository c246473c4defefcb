package io.sockscope.bpf;

/**
 * How the probes are loaded. Fixed for the life of the probes, unlike {@link ProbeFilter}.
 *
 * @param captureBytes     payload prefix per event, 0..{@link EventLayout#MAX_CAPTURE}. The default,
 *                         4 KiB, holds ordinary HTTP request and response headers.
 * @param ringBufferBytes  size of the ring buffer, a power of two and a multiple of the page size
 * @param wakeupBytes      the reader is woken once about this much data waits (each CPU wakes it after
 *                         writing its share); otherwise it polls
 * @param selfPid          never traced (Sockscope itself)
 */
public record ProbeOptions(int captureBytes, int ringBufferBytes, int wakeupBytes, int selfPid) {
    public static final int DEFAULT_CAPTURE_BYTES = 4096;
    public static final int DEFAULT_RING_BUFFER_BYTES = 32 << 20;

    public ProbeOptions {
        if (captureBytes < 0 || captureBytes > EventLayout.MAX_CAPTURE) {
            throw new IllegalArgumentException("capture size must be between 0 and " + EventLayout.MAX_CAPTURE + " bytes, got " + captureBytes);
        }
        if (ringBufferBytes < 4096 || Integer.bitCount(ringBufferBytes) != 1) {
            throw new IllegalArgumentException("ring buffer size must be a power of two of at least 4096 bytes, got " + ringBufferBytes);
        }
    }

    public static ProbeOptions defaults() {
        return new ProbeOptions(DEFAULT_CAPTURE_BYTES, DEFAULT_RING_BUFFER_BYTES, DEFAULT_RING_BUFFER_BYTES / 16,
                (int) ProcessHandle.current().pid());
    }

    public ProbeOptions withCaptureBytes(int bytes) {
        return new ProbeOptions(bytes, ringBufferBytes, wakeupBytes, selfPid);
    }

    public ProbeOptions withRingBufferBytes(int bytes) {
        return new ProbeOptions(captureBytes, bytes, Math.min(wakeupBytes, bytes / 4), selfPid);
    }
}
