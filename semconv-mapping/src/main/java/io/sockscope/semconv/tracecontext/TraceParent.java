package io.sockscope.semconv.tracecontext;

/**
 * A W3C Trace Context {@code traceparent} header (version 00): {@code 00-<32 hex>-<16 hex>-<2 hex>}.
 *
 * @param traceIdHigh first 8 bytes of the trace id, big-endian
 * @param traceIdLow  last 8 bytes of the trace id
 * @param spanId      the parent (caller's) span id
 * @param flags       the trace flags byte (bit 0 = sampled)
 */
public record TraceParent(long traceIdHigh, long traceIdLow, long spanId, int flags) {
    private static final int LENGTH = 55;

    /**
     * Parses a version-00 header strictly as the W3C spec asks of a receiver: exact length,
     * lowercase hex, dashes in place, trace id and span id not all zeros. Returns null for anything
     * else (including null), so a bad header starts a new trace instead of joining a wrong one.
     */
    public static TraceParent parse(String header) {
        if (header == null || header.length() != LENGTH
                || header.charAt(0) != '0' || header.charAt(1) != '0'
                || header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-') {
            return null;
        }
        // One pass: each digit is read and checked at once (digit() is negative for anything else).
        int bad = 0;
        long high = 0;
        long low = 0;
        long span = 0;
        int flags = 0;
        for (int i = 3; i < 19; i++) {
            int d = digit(header.charAt(i));
            bad |= d;
            high = (high << 4) | (d & 0xf);
        }
        for (int i = 19; i < 35; i++) {
            int d = digit(header.charAt(i));
            bad |= d;
            low = (low << 4) | (d & 0xf);
        }
        for (int i = 36; i < 52; i++) {
            int d = digit(header.charAt(i));
            bad |= d;
            span = (span << 4) | (d & 0xf);
        }
        for (int i = 53; i < LENGTH; i++) {
            int d = digit(header.charAt(i));
            bad |= d;
            flags = (flags << 4) | (d & 0xf);
        }
        if (bad < 0 || (high | low) == 0 || span == 0) {
            return null;
        }
        return new TraceParent(high, low, span, flags);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    public boolean sampled() {
        return (flags & 1) != 0;
    }
}
