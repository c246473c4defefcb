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
        for (int i = 3; i < LENGTH; i++) {
            if (i != 35 && i != 52 && digit(header.charAt(i)) < 0) {
                return null;
            }
        }
        long high = hex(header, 3, 19);
        long low = hex(header, 19, 35);
        long span = hex(header, 36, 52);
        if ((high | low) == 0 || span == 0) {
            return null;
        }
        return new TraceParent(high, low, span, (int) hex(header, 53, 55));
    }

    /** Lowercase hex in [from, to), at most 16 digits, already validated. */
    private static long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = (v << 4) | digit(s.charAt(i));
        }
        return v;
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
